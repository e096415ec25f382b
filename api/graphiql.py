"""GraphiQL in dev, from this repository's own copy of its files (api/static/graphiql,
with their licences and hashes), so that `make dev` works without the internet."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "static" / "graphiql"
PREFIX = "/graphiql-assets"

# the files and their SHA-384 (subresource integrity), as in api/static/graphiql/README.md
INTEGRITY = {
    "graphiql.min.css": "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    "react.production.min.js": (
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"
    ),
    "react-dom.production.min.js": (
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"
    ),
    "graphiql.min.js": "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
}


def _script(name: str) -> str:
    return f'<script src="{PREFIX}/{name}" integrity="{INTEGRITY[name]}"></script>'


PAGE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>rent-assist GraphiQL</title>
    <link rel="stylesheet" href="{PREFIX}/graphiql.min.css"
          integrity="{INTEGRITY["graphiql.min.css"]}" />
    <link rel="stylesheet" href="{PREFIX}/graphiql-page.css" />
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    {_script("react.production.min.js")}
    {_script("react-dom.production.min.js")}
    {_script("graphiql.min.js")}
    <script src="{PREFIX}/graphiql-page.js"></script>
  </body>
</html>
"""


def graphiql_routes() -> list[BaseRoute]:
    """The IDE's static files (dev only, like the IDE itself)."""
    return [Mount(PREFIX, app=StaticFiles(directory=ASSETS), name="graphiql-assets")]
