"""One module per view: what page, slide, PDF, PowerPoint and CLI render."""
