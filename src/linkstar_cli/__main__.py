from linkstar_cli.cli.app import main

main()
