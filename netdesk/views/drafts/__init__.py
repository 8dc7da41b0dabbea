"""The Drafts feature: the draft dialog (`dialog`), what its buttons do with the email
(`sending`) and the warnings before it goes (`warnings`)."""
