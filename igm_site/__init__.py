"""Site tooling of IgM Guide: the MkDocs plugin, the calculator block, shipping the browser runtime."""
