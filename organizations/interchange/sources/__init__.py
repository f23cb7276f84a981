"""One parser per published format; ``interchange.formats.load`` picks one by name."""
