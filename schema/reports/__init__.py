"""The GraphQL surface of reports."""
