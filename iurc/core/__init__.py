"""The base layer: pages, languages, routing, search and SEO. Imports no other app of ours."""
