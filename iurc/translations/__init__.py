"""The translators' workspace: language roles, translation status, exchange with CAT tools."""
