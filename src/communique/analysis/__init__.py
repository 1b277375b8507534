"""Analysis across articles: relations timelines, alliance obligations and the alliance graph.

These read contract documents (the output of ``communique extract``), so they work over any set
of documents today and over the store once it exists.
"""
