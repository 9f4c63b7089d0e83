from sozialraum.cli.main import main

raise SystemExit(main())
