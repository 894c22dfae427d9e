"""parse row: our lxml parsers vs a first-script BeautifulSoup(html.parser) and a bare lxml parse.

Workload: the real saved Ludopedia pages (two auction pages, one game ads page), each parsed
repeatedly; figures are the median time for one pass over all pages.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

import lxml.html
from bs4 import BeautifulSoup

from auctionspider.parsing import parse_auction_page, parse_game_ads
from bench.common import Row, fixtures_dir, fmt_time, median_time

OBSERVED = datetime(2025, 8, 27, 12, 0, tzinfo=UTC)


def _money(text):
    m = re.search(r"R\$\s*([\d.]+,\d{2})", text or "")
    return int(m.group(1).replace(".", "").replace(",", "")) if m else None


def bs4_auction(html: str, url: str) -> dict:
    """The same fields, the way a first script would: BeautifulSoup + html.parser + find()."""
    soup = BeautifulSoup(html, "html.parser")
    out = {"id": int(re.search(r"/leilao/(\d+)", url).group(1)), "url": url}
    lot = None
    for a in soup.select("ol.breadcrumb a"):
        m = re.search(r"id_leilao=(\d+)", a.get("href", ""))
        if m:
            lot = int(m.group(1))
    out["lot_id"] = lot
    h3 = soup.find("h3", class_="title")
    out["title"] = h3.get_text(" ", strip=True) if h3 else ""
    h4 = h3.find_next_sibling("h4") if h3 else None
    out["subtitle"] = h4.get_text(" ", strip=True) if h4 else ""
    out["game_slug"] = out["game_name"] = out["edition"] = out["condition"] = None
    for b in soup.find_all("b"):
        label = b.get_text(strip=True)
        parent = b.parent
        if label.startswith("Ficha"):
            a = parent.find("a")
            if a:
                out["game_slug"] = a["href"].rstrip("/").split("/jogo/")[-1]
                out["game_name"] = a.get_text(strip=True)
        elif label.startswith("Edi"):
            out["edition"] = parent.get_text(" ", strip=True).split(":", 1)[-1].strip()
        elif label.startswith("Estado do Item"):
            out["condition"] = parent.get_text(" ", strip=True).split(":", 1)[-1].strip().lower()
    seller = soup.find("a", class_="nm-loja")
    out["seller"] = seller.get_text(strip=True) if seller else None
    m = re.search(r"\(([^()/]+)/([A-Z]{2})\)", seller.parent.get_text(" ") if seller else "")
    out["city"], out["state"] = (m.group(1).strip(), m.group(2)) if m else (None, None)
    block = soup.find("div", class_="leilao-dados-lance")
    termino = block.find("span", class_="termino") if block else None
    ends, status = None, "open"
    if termino:
        cd = termino.find(attrs={"data-dt_hr_fim": True})
        titled = termino.find("span", title=True)
        text = termino.get_text(" ", strip=True)
        if cd:
            ends = datetime.strptime(cd["data-dt_hr_fim"], "%Y-%m-%d %H:%M:%S")
        elif titled and re.match(r"\d\d/\d\d/\d{4}", titled["title"]):
            ends = datetime.strptime(titled["title"], "%d/%m/%Y às %H:%M")
        elif "Finalizado" in text:
            m = re.search(r"(\d\d)/(\d\d) (\d\d):(\d\d)", text)
            ends = datetime(OBSERVED.year, int(m.group(2)), int(m.group(1)), int(m.group(3)),
                            int(m.group(4)))
            status = "ended"
    out["ends_at"] = ends
    vl = block.find("span", class_="vl-produto") if block else None
    out["current_bid_cents"] = _money(vl.get_text() if vl else "")
    lances = soup.find("a", id="btn-lances")
    m = re.search(r"\(\s*(\d+)\s*\)", lances.get_text() if lances else "")
    out["bid_count"] = int(m.group(1)) if m else 0
    if status == "ended":
        status = "sold" if out["bid_count"] else "unsold"
    out["status"] = status
    out["final_price_cents"] = out["current_bid_cents"] if status == "sold" else None
    cj = soup.find(class_="vl_compre_ja")
    out["buy_now_cents"] = _money(cj.get_text()) if cj else None
    store = soup.find(class_="vl_produto_store")
    out["ludostore_price_cents"] = _money(store.get_text()) if store else None
    out["ludopedia_game_id"] = None
    for a in soup.find_all("a", href=re.compile("id_jogo=")):
        out["ludopedia_game_id"] = int(re.search(r"id_jogo=(\d+)", a["href"]).group(1))
        break
    f = soup.find(class_="total-follow-item")
    out["followers"] = int(f.get_text(strip=True)) if f else None
    v = soup.find(class_="tot-count-view")
    out["views"] = int(v.get_text(strip=True)) if v else None
    d = soup.find(id="bloco-descricao-item")
    out["description"] = d.get_text("\n", strip=True) if d else None
    lots = []
    for card in soup.find_all("div", class_="item-leilao"):
        a = card.find("a", href=re.compile(r"/leilao/\d+"))
        if a:
            lots.append({"id": int(re.search(r"/leilao/(\d+)", a["href"]).group(1)),
                         "url": a["href"], "title": a.get_text(" ", strip=True)})
    out["lot_items"] = lots
    out["deleted"] = bool(soup.find("div", class_="alert-danger"))
    return out


def bs4_ads(html: str, url: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for tr in soup.find_all("tr"):
        tds = tr.find_all("td")
        if len(tds) < 6:
            continue
        link = tds[5].find("a")
        href = link["href"] if link else ""
        m = re.search(r"/(produto|leilao)/(\d+)", href)
        rows.append({
            "product": tds[0].get_text(" ", strip=True), "city": tds[1].get_text(" ", strip=True),
            "condition": tds[2].get_text(strip=True).lower(),
            "notes": tds[3].get_text(" ", strip=True) or None,
            "price_cents": _money(tds[4].get_text()),
            "link_type": ("listing" if m and m.group(1) == "produto" else "auction"),
            "id": int(m.group(2)) if m else None, "url": href,
        })
    h1 = soup.find("h1") or soup.find("h3")
    m = re.search(r"/jogo/([^/?#\"]+)", url)
    return {"game": {"slug": m.group(1) if m else None,
                     "name": h1.get_text(strip=True) if h1 else None}, "rows": rows}


def _pages():
    d = fixtures_dir()
    pages = []
    for path in sorted(d.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        if path.name.startswith("leilao_"):
            aid = path.name.split("_")[1]
            pages.append(("auction", html, f"https://ludopedia.com.br/leilao/{aid}/x"))
        elif path.name.startswith("jogo_"):
            slug = path.name.split("_")[1]
            pages.append(("ads", html, f"https://ludopedia.com.br/jogo/{slug}?v=anuncios"))
    if not pages:
        raise RuntimeError(f"no fixtures in {d}")
    return pages


def run(quick: bool = False) -> list[Row]:
    pages = _pages()

    def ours():
        for kind, html, url in pages:
            if kind == "auction":
                parse_auction_page(html, url, OBSERVED)
            else:
                parse_game_ads(html, url)

    def soup():
        for kind, html, url in pages:
            (bs4_auction if kind == "auction" else bs4_ads)(html, url)

    def floor():
        for _kind, html, _url in pages:
            lxml.html.fromstring(html)

    # sanity: the baseline really extracts the same things
    for kind, html, url in pages:
        if kind == "auction":
            a, b = parse_auction_page(html, url, OBSERVED), bs4_auction(html, url)
            for key in ("lot_id", "title", "seller", "current_bid_cents", "bid_count",
                        "followers", "views", "ludostore_price_cents"):
                assert a[key] == b[key], (key, a[key], b[key])
            assert len(a["lot_items"]) == len(b["lot_items"])
        else:
            assert len(parse_game_ads(html, url)["rows"]) == len(bs4_ads(html, url)["rows"])

    repeats = 7 if quick else 15
    # interleave the three, so drift on the shared machine hits all of them alike
    t_ours, t_soup, t_floor = [], [], []
    for _ in range(repeats):
        t_soup.append(median_time(soup, 1, 2 if quick else 3))
        t_ours.append(median_time(ours, 1, 10 if quick else 20))
        t_floor.append(median_time(floor, 1, 10 if quick else 20))
    import statistics
    ours_s, soup_s, floor_s = (statistics.median(t) for t in (t_ours, t_soup, t_floor))
    workload = f"{len(pages)} real pages ({sum(len(h) for _, h, _ in pages) // 1024} KiB), one pass"
    return [
        Row("parse vs BeautifulSoup", "parse", workload, fmt_time(ours_s),
            f"BeautifulSoup html.parser {fmt_time(soup_s)}", soup_s / ours_s, ">= 15"),
        Row("parse vs bare lxml", "parse", workload, fmt_time(ours_s),
            f"lxml.html.fromstring {fmt_time(floor_s)}", ours_s / floor_s, "<= 2"),
    ]
