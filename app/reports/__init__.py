"""Activity figures for organisers: per event, per series and per year (the yearly activity report's numbers).

``figures`` computes them in a fixed number of aggregate queries; ``export`` flattens them to
JSON, CSV and XLSX; ``charts`` lays them out as server-rendered SVG bar charts; ``admin`` is the
organisers' page and ``cli`` the ``flask figures`` command.
"""
