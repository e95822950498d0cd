from oddsdesk.cli import main

main()
