"""`make bench`: performance of the built site in headless Chromium, against a naive Pyodide page."""
