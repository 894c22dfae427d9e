"""The dashboard (pt-BR, Brasília time), served at "/" by webapi.urls for logged-in users.

Pages: /login/, /logout/ (POST), / (watchlist + "Adicionar jogo"), /jogo/<slug>/ (chart,
statistics, auctions ending soon, "Quanto você vai pagar?"). Templates and static files
live in this package (settings point at them); the chart is SVG drawn in chart.py.
"""
