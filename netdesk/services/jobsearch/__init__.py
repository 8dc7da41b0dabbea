"""The job search: organisations the user targets, applications with their dated steps,
the warm paths into an organisation, Today's application questions and the funnel from
conversations to offers (schema 19)."""
