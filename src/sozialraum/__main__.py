from sozialraum.cli import main

raise SystemExit(main())
