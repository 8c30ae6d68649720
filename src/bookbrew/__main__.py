from bookbrew.cli import main

main()
