// rent-assist's GraphiQL page: the IDE from this server's own files (no CDN), talking to
// the /graphql of the origin that served it. Sign in with the login mutation, then put
// {"Authorization": "Bearer <token>"} in the Headers tab (kept in this browser).
(function () {
  "use strict";
  var url = window.location.origin + "/graphql";
  var fetcher = GraphiQL.createFetcher({ url: url });
  var query = [
    "# rent-assist: sign in, then send the token as a header (Headers tab):",
    '#   {"Authorization": "Bearer <token>"}',
    "# Demo accounts and their password are in the README.",
    "mutation SignIn {",
    '  login(email: "coach.eop-portland-irco@example.org", password: "rent-assist-demo") {',
    "    token",
    "    errors { code message }",
    "  }",
    "}",
    "",
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    })
  );
})();
