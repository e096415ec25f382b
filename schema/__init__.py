"""The GraphQL surface: thin resolvers over models.actions."""
