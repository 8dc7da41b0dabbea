"""People kept in step with the user's CardDAV address book (phone, other laptops)."""
