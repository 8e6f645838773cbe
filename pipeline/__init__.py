"""medlint: audit consumer health articles like a careful medical editor.

The import package is called ``pipeline`` because the code follows the data flow:
ingest -> nlp -> checks -> report.
"""

__version__ = "0.1.0"
