"""The dashboard (pt-BR, Brasília time), served at "/" by webapi.urls for logged-in users.

Pages: /login/, /logout/ (POST), / (watchlist + "Adicionar jogo"), /jogo/<slug>/ (chart,
statistics, auctions ending soon, "Quanto você vai pagar?"). An installed app
(apps.DashboardConfig): Django finds its templatetags/, templates/ and static/ like any
app's. The chart is SVG drawn in chart.py.
"""
