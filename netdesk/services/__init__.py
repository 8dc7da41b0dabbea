"""The domain layer: plain Python over the database; never imports Qt widgets."""
