"""Frame readers: each turns one prepared Doc (:class:`~pipeline.nlp.readers.base.Reading`)
into claim frames of one or more types (docs/frames.md). The ``medlint_frames`` component
runs them all, in :data:`READERS` order."""
