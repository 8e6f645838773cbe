"""medlint's spaCy components, each registered with ``@Language.factory``."""
