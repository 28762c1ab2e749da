"""`raqqa validate`'s review: the checks a careful reviewer would make, and problems as
records."""
