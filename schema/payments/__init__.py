"""The GraphQL surface of payments."""
