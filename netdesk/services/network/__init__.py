"""The relationship map's services: who knows whom, what the map draws, where people sit.

One concern per module: model (Person, Tie, Network and what the map draws), projection
(a network as nodes, edges and group labels for a filter), service (GraphService: load,
links, me, grouping, stored positions), events (the events' people and the
introductions made there), layout (the seeded force layout), packing (disc
spreading and packing for it), layout_worker (the layout on a thread or in its own
process: `python -m netdesk.services.network.layout_worker`), warm_paths (warm
introduction paths).
"""
