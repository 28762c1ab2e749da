"""The terminal layout engine: raqqa's own table and card layout, drawn with rich's text,
and rich's word wrap, vendored."""
