"""The GraphQL surface of services."""
