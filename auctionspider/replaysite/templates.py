"""Ludopedia-like pages for the replay site (``string.Template``, standard library only).

The markup copies the real pages saved in ``shared/fixtures/ludopedia`` (August 2025):
the same class names, ids and nesting around every value a parser reads, and the same
decoys (login modal ``h3``/``h4``, ``.media-body`` in menus, the "Para dar lances é
necessário estar logado" ``div.alert-danger``). The page chrome around the content is
shortened. Every link is absolute, built on the server's own base URL. Times are shown
in Brasília time.

Render functions take the world, the base URL (no trailing slash) and the clock and
return ``str``; they never touch the network or the file system.
"""
from __future__ import annotations

import html
from datetime import datetime
from html.entities import codepoint2name
from string import Template
from urllib.parse import quote

from .world import BRT, Auction, Game, Listing, Lot, World, format_brl

esc = html.escape


def entities(text: str) -> str:
    """Escape like PHP's htmlentities + nl2br (the real description block does this)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if ch in "<>&\"":
            out.append(html.escape(ch))
        elif cp > 127 and cp in codepoint2name:
            out.append(f"&{codepoint2name[cp]};")
        else:
            out.append(ch)
    return "".join(out).replace("\n", "<br />\n")


# --------------------------------------------------------------------------- time

def brt(dt: datetime) -> datetime:
    return dt.astimezone(BRT)


def termino_inner(ends_at: datetime, now: datetime) -> str:
    """The inner span of ``span.termino`` (also used on ``.item-leilao`` cards).

    * more than 24 h left: ``<span class="" title="03/09/2025 às 22:30">7d 11h  ( 03/09 22:30 ) </span>``
    * under 24 h: ``<span class="count-down" data-dt_hr_fim="2025-08-26 22:00:00" title="Hoje às 22:00">07:29:59</span>``
    * ended: ``<span>Finalizado (26/08 22:00)</span>``
    """
    end = brt(ends_at)
    left = (ends_at - now).total_seconds()
    if left <= 0:
        return f"<span>Finalizado ({end:%d/%m %H:%M})</span>"
    if left > 24 * 3600:
        d, rest = divmod(int(left), 86400)
        h = rest // 3600
        return (f'<span class="" title="{end:%d/%m/%Y} às {end:%H:%M}">'
                f"{d}d {h}h  ( {end:%d/%m %H:%M} ) </span>")
    day = "Hoje" if end.date() == brt(now).date() else "Amanhã"
    s = int(left)
    return (f'<span class="count-down" data-dt_hr_fim="{end:%Y-%m-%d %H:%M:%S}" '
            f'title="{day} às {end:%H:%M}">{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}</span>')


# --------------------------------------------------------------------------- chrome

PAGE = Template("""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"
	  xmlns:og="http://ogp.me/ns#"
	  lang="pt-BR"
>
<head>
	<meta charset="utf-8">
	<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0">
	<title>$title</title>
	<meta name="title" content="$title">
	<meta property="og:title" content="$title"/>
	<meta property="og:caption" content="$host"/>
	<meta name="og:site_name" content="Ludopedia">
	<link rel="icon" type="image/png" href="$base/favicon-32x32.png" sizes="32x32">
	<link rel="stylesheet" href="$base/css/leilao.css?version=2.1.86">
</head>
<body > <div id="fb-root"></div>	<div id="container" 
					class="  navbar-fixed mainnav-fixed    mainnav-sm  ">
			<header  >
	<div id="topbar">
		<a href="#" id="btn-menu-principal"><i class="fa fa-navicon fa-lg"></i>
					</a>
		<a href="$base/"><img src="$base/images/brand.svg" alt="Logo Ludopedia" id="ludo-top-icon"></a>
		<div id="topbar-menus">
			<div class="dropdown">
				<a class="dropdown-toggle" href="#"  data-toggle="dropdown" aria-haspopup="true" aria-expanded="false">
					Mercado
					<span class="fa fa-chevron-down"></span>
				</a>
				<div class="dropdown-menu" >
					<div class="dropdown-content">
						<ul>
							<li class="menu-item-header">Ludostore</li>
							<li><a href="$base/loja">Marketplace</a></li>
							<li><a href="$base/leiloes">Leilões</a></li>
							<li><a href="$base/anuncios">Todos os Anúncios</a></li>
						</ul>
					</div>
				</div>
			</div>
			<form action="$base/search">
				<input type="text" name="search" class="form-control" placeholder="Pesquisar">
			</form>
		</div>
		<a href="$base/novousuario" class="btn btn-main hidden-xs btn-cadastra-usuario btn-topbar-right">Cadastre-se</a>
	</div>
</header>
		<div id="modal-login" class="modal modal-full-xs fade ">
		<div class="modal-dialog">
<div class="modal-content modal-content-flex pad-all">
	<div class="modal-content-header pad-hor">
				<a data-dismiss="modal" href><i class="fa fa-close close-modal"  ></i></a>
				<h3 class="modal-title m-v-20">Acesse sua conta</h3>
	</div>
	<div class="modal-content-body pad-hor">
		<form method="post"  id="md-login-usuario" class="md-login-usuario" action="$base/login">
			<div class="mar-btm"><label>Email</label><input type="email" name="email" class="form-control"></div>
		</form>
	</div>
</div>
		</div>
		</div>
<div id="menu-principal" class="modal left fadee faast">
	<div class="modal-dialog">
		<div class="modal-content modal-content-flex">
			<div class="modal-content-header">
				<h4>Menu de Navegação<a data-dismiss="modal" href><i class="fa fa-close close-modal"  ></i></a></h4>
			</div>
			<div class="modal-content-body">
				<ul class="mp-level-1">
					<li class="mp-item-l1 "><a href="$base/leiloes">Leilões</a></li>
					<li class="mp-item-l1 "><a href="$base/anuncios">Anúncios</a></li>
				</ul>
				<ul class="media-list pad-top">
					<li class="media "><div class="media-body "><span>Receber notificações de leilões</span></div></li>
				</ul>
			</div>
		</div>
	</div>
</div>
<nav id="mainnav-container">
	<div id="mainnav">
		<ul id="mainnav-menu" class="list-group">
			<li class="list-header">Menu</li>
			<li><a href="$base/loja">Ludostore</a></li>
			<li><a href="$base/anuncios">Anúncios</a></li>
			<li><a href="$base/leiloes">Leilões</a></li>
		</ul>
	</div>
</nav>
<!--===================================================-->
<!--END MAIN NAVIGATION-->				<div id="content-container"><div id="page-content" class="pad-no-xs" style="padding-top:0px"> $breadcrumb		<div class="panel ">
      					<div class="main-panel-body panel-body ">$content
			</div><!-- panelbody --> 		</div><!-- panel --> </div><!-- page-content -->			</div><!-- FOOTER -->
			<footer id="footer" class="">
	<div>
		<ul>
			<li><a href="$base/">Ludopedia</a></li>
			<li><a href="$base/quemsomos">Quem Somos</a></li>
			<li><a href="$base/leiloes">Leilões</a></li>
			<li><a href="$base/termo_aceite">Termos de Uso</a></li>
		</ul>
	</div>
	<div class="pad-all text-center" style="font-size: 0.9em">LUDOPEDIA COMERCIO LTDA - ME | Réplica local para testes</div>
</footer>
 		</div>
</body>
</html>
""")


def breadcrumb(base: str, crumbs: list[tuple[str, str]]) -> str:
    """``<ol class="breadcrumb  mar-top">`` like the real one; the last crumb is active."""
    parts = [f'<li><a href="{base}/"><i class="fa fa-home"></i></a></li>']
    for i, (label, href) in enumerate(crumbs):
        active = '  class="active"  ' if i == len(crumbs) - 1 else "  "
        parts.append(f'<li{active}><a href="{href}">{esc(label)}</a></li>')
    return ('<!--Breadcrumb-->\n\t\t\t\t<!--~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~--><ol class="breadcrumb  mar-top">'
            + "".join(parts) + "</ol><!--End Breadcrumb-->\n\t\t\t\t<!--~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~-->")


def page(base: str, title: str, crumbs: list[tuple[str, str]] | None, content: str) -> str:
    """The page chrome around ``content``; ``crumbs=None``: no breadcrumb (deleted page)."""
    host = base.split("://", 1)[-1]
    return PAGE.substitute(title=esc(title), host=host, base=base,
                           breadcrumb=breadcrumb(base, crumbs) if crumbs is not None else "",
                           content=content)


# --------------------------------------------------------------------------- cards

CARD = Template("""<div class="item text-center  item-leilao">
							<div class="container-img-item">
								<div class="div-img-middle">
  									<a href="$url">
										<img class="img-capa-item"  src="$img" alt="" title="" >
									</a>
								</div>
							</div>
							<div class="separador"></div>
							<h4 class="nome-produto">$title</h4>$termino<span class="prod-preco">$price</span>								
								<a href="$url">Ver leilão</a>
   						</div>""")


def cover(base: str, world: World, a: Auction, size: str = "t") -> str:
    g = world.games.get(a.game_slug) if a.game_slug else None
    return f"{base}/capas/{g.ludopedia_id if g else 0}_{size}.jpg"


def card(world: World, a: Auction, base: str, now: datetime) -> str:
    return CARD.substitute(url=base + a.path, img=cover(base, world, a), title=esc(a.title),
                           termino=termino_inner(a.ends_at, now),
                           price=format_brl(a.shown_price_cents(now)))


# --------------------------------------------------------------------------- auction page

AUCTION = Template("""<style>
	.vl_compre_ja{font-size:20px ; font-weight: bold;}
	.vl-produto { font-size: 28px; font-weight: bold;}
	.leilao-dados-lance{ border: 1px solid #ccc; padding: 10px; margin-top: 10px;}
	.termino > span { font-weight: bold; font-size: 18px}
	.total-follow-item { padding: 1px 10px; border: 1px solid; font-size: 12px; border-radius: 5px;  cursor: default;}
	.item-leilao { height: 220px}
</style>


<div class="row">
	<div class="col-md-6 ">
		<div class="images-container">
			<div class="main-image-box bord-all pad-all">
				<div class="product-cover">
					<a href="$cover_m"  rel="grupo" class="fancyimg"><img id="main-image" src="$cover_m" ></a>				
				</div>			
			</div>
		</div>
	</div>
	
	<div class="col-md-6">
		<h3 class="title">$title</h3>
		<h4>$subtitle</h4>
		<div class="row row-info">
$ficha$edition			
									
			<div class="col-xs-12 col-md-6"><b>Estado do Item : </b>$condition</div>
						<div class="col-xs-12">
				<div class="media" >
					<div class="media-left">
						<a href="$seller_url"><img class="img-vendedor" src="$base/uploads/avatar/avatar_$seller_id.png"></a>
					</div>
					<div class="media-body"><a class="nm-loja" href="$seller_url">$seller </a> ($city/$uf)
						<div><a href="$base/avaliacoes?id_usuario=$seller_id&v=c"><img class="badge-vendedor" src="$base/images/store/reputacao_5.png" title="Nível 5" ></a>						</div>
					</div>
				</div>
			</div>
			<div class="col-xs-12 col-md-6">
				<b>Frete :</b>
				<div class="input-group mar-btm" style="z-index:0;">
					<input id="cep" class="form-control" placeholder="00000-000" value="">
					<div class="input-group-btn">
			        <button class="btn btn-default" type="button" id="btn-estimar-frete" data-id_anuncio="$id"><i class="fa fa-truck"></i></button>
			      </div>
			    </div>
							</div>
			
		</div>

		<div class="leilao-dados-lance form-group">
			<input type="hidden" id="id_anuncio" value="$id">
			
			<span class="termino">Término: $termino</span>
$bid_block
			<div class="alert alert-danger">Para dar lances é necessário estar logado no site.</div>						<div class="block mar-top">
				<a class="btn btn-acao btn-subscribe follow-text btn-subscribe subscribe" id="seg_$global_id" href=""></a>
				<span class="total-follow-item" title="Total de pessoas seguindo esse item" id="tot_count_subscribe_$global_id">$followers</span>
				
				<div class="pull-right">
					<i title="Visualizações" style="position: relative;top: 4px" class="glyphicon glyphicon-eye-open"></i>
					<span  class="tot-count tot-count-view" id="tot_count__0">$views</span>				</div>
			</div>
		</div>
		<div>
			<span class="sub-titulo">Formas de Pagamento: </span>
			<ul class="disc-list">
					<li class="forma-pgto-ludostore">Pix/Boleto <i class="fa fa-barcode"></i> ou Cartão <i class="fa fa-credit-card"></i> ( <span class="span-3x-sem-juros">3x sem juros</span> )</li>						
			</ul>
					</div>
$store_box	</div>
</div>
<hr>
<div>
	<div class=" bord-btm bloco-sm-title pad-top"  data-bloco="bloco-descricao-item">
		<div class="media-left">
			<span class="icon-wrap icon-wrap-xs bg-primary"><i class="fa fa-file-text"></i></span>
		</div>
		<div class="media-body"><h3 class="mar-no ">Descrição do Item</h3></div>
	</div>
	<div class="bloco-show-lg bloco-sm-content bloco-sm-content-open" id="bloco-descricao-item" >
		$description	</div>
</div>

<div>
	<div class=" bord-btm bloco-sm-title pad-top"  data-bloco="bloco-itens-leilao">
		<div class="media-left">
			<span class="icon-wrap icon-wrap-xs bg-primary"><i class="fa fa-th-list"></i></span>
		</div>
		<div class="media-body"><h3 class="mar-no ">Outros itens no mesmo Leilão ($n_others)</h3></div>
	</div>
	<div class="bloco-show-lg bloco-sm-content bloco-sm-content-open" id="bloco-itens-leilao" >
		$others	</div>
</div>

<div>
	<div class=" bord-btm bloco-sm-title pad-top"  data-bloco="bloco-descricao-leilao">
		<div class="media-body"><h3 class="mar-no ">Detalhes e Regras do Leilão</h3></div>
	</div>
	<div class="bloco-show-lg bloco-sm-content bloco-sm-content-open" id="bloco-descricao-leilao" >
		$rules	</div>
</div>
""")

BID_OPEN = Template("""							
				<span class="block">Lance Atual :
												
						<span class="vl-produto"> $current </span> 
																						</span>
				<a href="#" id="btn-lances" class="full-link">Ver Lances ( $bid_count )</a>
$bid_form""")

BID_OPEN_NO_BIDS = Template("""								
															<span class="vl-produto sem-lance block">SEM LANCES</span>
$bid_form""")

BID_FORM = Template("""												
				<div class="div-lance clearfix">
					
					<div class="lance-combo">					
						<select class="form-control " name="vl_lance" id="vl_lance">
							$options														
						</select>
					</div>				
					<div class="lance-button">
						<button class="btn btn-success btn-lance btn-lg btn-labeled fa fa-gavel" id="btn-dar-lance" disabled="disabled">
							Dar Lance
						</button>
					</div>
					<label class="lbl-info-lance-reserva">* Valores acima do valor mínimo de lance entrarão como valor de reserva para lances automáticos.</label>					
				</div>
$buy_now""")

BUY_NOW = Template("""				<form method="post" action="$base/leilao_compra_ja" class="form-compre-ja mar-top" id="frm-compre-ja">
					<input type="hidden" name="id_anuncio" value="$id">
					<span class="block">Compre Já : <span class="vl_compre_ja">$price</span></span>
					<button type="submit" class="btn btn-warning btn-compre-ja" disabled="disabled">Compre Já</button>
				</form>
""")

BID_SOLD = Template("""			<span class="block">Lance Atual : <span class="vl-produto"> $current </span> </span>
			<a href="#" id="btn-lances" class="full-link">Ver Lances ( $bid_count )</a>""")

BID_UNSOLD = """								
															<span class="vl-produto sem-lance block">SEM LANCES</span>
													"""

STORE_BOX = Template("""		<div class="media ludostore-box mar-btm" >
		 					<div class="media-body" >
	    						<a href="$base/loja/itens?id_jogo=$lid&ref=leilao" >
	    							<div><span class="ludo-brand">LUDO<span class="ludo-brand-store" style="">STORE</span></span></div>
	    							<span class="vl_produto_store" >$price</span><span class="tx_boleto"> (no boleto)</span>
			 					</a>
		 					</div>
		 					<div class="media-right" >
		 						<a href="$base/loja/itens?id_jogo=$lid&ref=leilao" class="btn btn-success" style="">Comprar <i class="fa fa-shopping-cart"></i></a>
		 					</div>
		 				</div>""")

DELETED = """
<div class="alert alert-danger"><button class="close" data-dismiss="alert"><i class="pci-cross pci-circle"></i></button>
Leilão não encontrado ou excluído
×
</div>
"""


def bid_options(minimum_cents: int) -> str:
    """The ``select#vl_lance`` options: 12 small steps, then 4 bigger ones (like the real page)."""
    step = 1000 if minimum_cents < 50000 else (2000 if minimum_cents < 150000 else 5000)
    values, v = [], minimum_cents
    for _ in range(12):
        values.append(v)
        v += step
    v += 2 * step
    for _ in range(4):
        values.append(v)
        v += 3 * step
    return "".join(f'<option value="{c // 100}">{format_brl(c)}</option>' for c in values)


def render_auction(world: World, a: Auction, base: str, now: datetime) -> str:
    st = a.state(now)
    if st.status == "deleted":
        return render_deleted_auction(base, a.title)
    lot = world.lots.get(a.lot_id)
    g = world.games.get(a.game_slug) if a.game_slug else None
    if st.status == "open":
        nxt = st.current_bid_cents + (1000 if st.current_bid_cents < 50000 else 2000) \
            if st.current_bid_cents is not None else a.start_price_cents
        buy_now = BUY_NOW.substitute(base=base, id=a.id, price=format_brl(st.buy_now_cents)) \
            if st.buy_now_cents else ""
        form = BID_FORM.substitute(options=bid_options(nxt), buy_now=buy_now)
        if st.current_bid_cents is None:
            bid_block = BID_OPEN_NO_BIDS.substitute(bid_form=form)
        else:
            bid_block = BID_OPEN.substitute(current=format_brl(st.current_bid_cents),
                                            bid_count=st.bid_count, bid_form=form)
    elif st.status == "sold":
        bid_block = BID_SOLD.substitute(current=format_brl(st.final_price_cents),
                                        bid_count=st.bid_count)
    else:
        bid_block = BID_UNSOLD
    ficha = (f'\t\t\t\t\t\t\t<div class="col-xs-12 "><b>Ficha : </b> <a href="{base}/jogo/{g.slug}">'
             f"{esc(g.name)}</a></div>\n") if g else ""
    edition = ""
    if a.edition:
        edition = (f'\t\t\t\t<div class="col-xs-12 col-md-6"><b>Edição : </b> \n'
                   f'\t\t\t\t<img class="img-brasil" src="{base}/images/auxiliares/brasil.jpg">\t'
                   f'<a href="{base}/editora/{a.edition_id or 0}/{quote(a.edition)}">{esc(a.edition)}</a>'
                   "\t\t\t\t</div>\n")
    others = [o for o in world.lot_items(a.lot_id, now) if o.id != a.id]
    if others:
        cards = "".join(card(world, o, base, now) for o in others)
        others_html = (f'<div class="smart-trail-leilao">  <div class="owl-carousel owl-theme caroulsel-trilha" > '
                       f"{cards}  </div></div><div class=\"btn-group\">\n"
                       f'\t\t\t\t\t\t<a href="{base}/leiloes?id_leilao={a.lot_id}" class="btn">Ver Leilão Completo</a>\n'
                       "\t\t\t\t\t</div>")
    else:
        others_html = '<span class="text-muted">Nenhum Item Encontrado</span>'
    store = STORE_BOX.substitute(base=base, lid=g.ludopedia_id,
                                 price=format_brl(g.ludostore_price_cents)) \
        if g and g.ludostore_price_cents else "\t\t\t"
    seller_id = lot.seller_id if lot else 1
    content = AUCTION.substitute(
        base=base, id=a.id, global_id=2_300_000 + a.id, title=esc(a.title),
        subtitle=esc(a.subtitle), ficha=ficha, edition=edition, condition=esc(a.condition),
        seller_url=f"{base}/loja/{quote(a.seller.lower())}", seller=esc(a.seller),
        seller_id=seller_id, city=esc(a.city), uf=esc(a.uf), termino=termino_inner(a.ends_at, now),
        bid_block=bid_block, followers=st.followers, views=st.views, store_box=store,
        description=entities(a.description), n_others=len(others), others=others_html,
        rules=entities(lot.rules) if lot else "", cover_m=cover(base, world, a, "m"),
    )
    return page(base, f"Leilão - {a.title}",
                [("Leilões", f"{base}/leiloes"), (f"Leilão {a.lot_id}", f"{base}/leiloes?id_leilao={a.lot_id}"),
                 (a.title, base + a.path)], content)


def render_deleted_auction(base: str, title: str = "Leilão") -> str:
    return page(base, f"Leilão - {title}" if title != "Leilão" else "Leilão", None, DELETED)


# --------------------------------------------------------------------------- game ads page

GAME_TOP = Template("""<div >
	<!-- Jogo Top -->
		<div class="jogo-top" >
		<div class="jogo-top-degrade">
			<div class="jogo-top-capa">
				<input type="hidden" value="$lid" id="id_jogo">
				<input type="hidden" value="$name" id="nm_jogo">
				<img id="img-capa" class="  img-capa" src="$base/capas/${lid}_t.jpg" />
			</div>
			<div class="jogo-top-main">
				<h3 style="margin-top:15px;">
					<a href="$base/jogo/$slug">$name</a> <span class=" text-xs">($year)</span>
				</h3>
				<span class="info-span text-sm">Editora : <img class="img-brasil" src="$base/images/auxiliares/brasil.jpg"><a href="$base/editora/$pub_id/$pub_q">$pub</a></span>
			</div>
		</div>
	</div>
	<!-- END Jogo Top -->
	<div class="mar-ver anchor" id="menu-jogo">
		<ul class="nav nav-tabs tab-jogo responsive----tab---s tab-scroll">
			<li class="$resumo_active "><a class="btn-link" href="$base/jogo/$slug?v=">Resumo</a></li><li class="$ads_active "><a class="btn-link" href="$base/jogo/$slug?v=anuncios">Mercado <span class="text-muted text-xs">($n_ads)</span></a></li>		</ul>
		<!--END Nav Tabs-->
		
		<!-- Main -->
		<div class="anchor" id="bloco-conteudo">
$main		</div>
		<!-- END MAIN -->
	</div>
</div>""")

ADS_TABLE = Template("""			<div class="mar-top mar-btm">
	<div class="titulo-bloco pull-left">
		<div class="media-body">
			<h3 class="mar-no">Mercado</h3>
		</div>
	</div>
	<div class="clearfix"></div>
</div>


<div id="anuncios" >	
			<table   class="table  table-striped table-vertical-middle"  >
			<thead>
				<tr>
					<th>Produto</th>
					<th>Cidade</th>
					<th>Condição</th>
					<th>Obs</th>
					<th class="text-right">Valor</th>
					<th class="text-right">Link</th>
				</tr>
			</thead>
			<tbody>
			$rows											</tbody>
		</table>
	</div>""")

ADS_ROW = Template("""
								<tr >
					
					<td >					
						$produto					</td>
					<td>
						$city					</td>
					<td>
						$condition					</td>
					<td  >
						<span class="anuncio-sub-titulo " style="margin-left: 5px" title="$obs">$obs</span>
					</td>
					<td  class="text-right">
						<span class="proximo_lance" >
						$price					
						</span>
					</td>
					<td class="text-right">
					$link					</td>
				</tr>""")

PRODUTO_LABEL = {"game": "Jogo", "combo": "Combo"}


def game_top(world: World, g: Game, base: str, main: str, ads: bool, n_ads: int) -> str:
    return GAME_TOP.substitute(
        base=base, lid=g.ludopedia_id, name=esc(g.name), slug=g.slug, year=g.year,
        pub_id=g.publisher_id, pub_q=quote(g.publisher), pub=esc(g.publisher),
        resumo_active="" if ads else "active", ads_active="active" if ads else "",
        n_ads=n_ads, main=main)


def game_ads_rows(world: World, g: Game, now: datetime) -> list[tuple]:
    """(kind, object) rows of the ads table: active listings, then auctions open at ``now``."""
    rows: list[tuple] = [("listing", li) for li in world.game_listings(g.slug) if li.active]
    rows += [("auction", a) for a in sorted(world.game_auctions(g.slug), key=lambda a: a.id)
             if a.is_open(now)]
    return rows


def render_game_ads(world: World, g: Game, base: str, now: datetime) -> str:
    rows = game_ads_rows(world, g, now)
    out = []
    for kind, obj in rows:
        produto = PRODUTO_LABEL.get(obj.kind) or esc(obj.title)
        if kind == "listing":
            obs = obj.notes
            price = obj.price_cents
            link = (f'<a href="{base}{obj.path}?ref=jogo_mercado" class="btn btn-primary btn-sm" >'
                    "Anúncio</a>")
        else:
            obs = obj.subtitle
            price = obj.shown_price_cents(now)
            link = f'<a href="{base}{obj.path}" class="btn btn-success btn-sm">Leilão</a>'
        out.append(ADS_ROW.substitute(produto=produto, city=esc(obj.city),
                                      condition=esc(obj.condition), obs=esc(obs),
                                      price=format_brl(price), link=link))
    main = ADS_TABLE.substitute(rows="".join(out))
    content = game_top(world, g, base, main, True, len(rows))
    return page(base, g.name, [("Jogos", f"{base}/search_jogo?search="),
                               (g.name, f"{base}/jogo/{g.slug}?v=anuncios")], content)


def render_game(world: World, g: Game, base: str, now: datetime) -> str:
    n = len(game_ads_rows(world, g, now))
    main = (f'<div class="mar-top"><p>{esc(g.name)} ({g.year}), publicado no Brasil por '
            f'{esc(g.publisher)}.</p><p><a href="{base}/jogo/{g.slug}?v=anuncios">'
            f"Ver anúncios e leilões ({n})</a></p></div>")
    return page(base, g.name, [("Jogos", f"{base}/search_jogo?search="),
                               (g.name, f"{base}/jogo/{g.slug}")], game_top(world, g, base, main, False, n))


# --------------------------------------------------------------------------- listings

def lot_header(lot: Lot, base: str) -> str:
    return (f'<div class="media leilao-header"><div class="media-body">'
            f'<a class="nm-leilao" href="{base}/leiloes?id_leilao={lot.id}">Leilão {lot.id}</a> - '
            f'<a class="nm-loja" href="{base}/loja/{quote(lot.seller.lower())}">{esc(lot.seller)} </a>'
            f" ({esc(lot.city)}/{esc(lot.uf)})</div></div>")


def pagination(base: str, page_no: int, pages: int) -> str:
    if pages <= 1:
        return ""
    shown = sorted({1, pages, *range(max(1, page_no - 4), min(pages, page_no + 4) + 1)})
    items = []
    if page_no > 1:
        items.append(f'<li><a href="{base}/leiloes?pagina={page_no - 1}" rel="prev">&laquo;</a></li>')
    prev = 0
    for p in shown:
        if p > prev + 1:
            items.append('<li class="disabled"><span>…</span></li>')
        cls = ' class="active"' if p == page_no else ""
        items.append(f'<li{cls}><a href="{base}/leiloes?pagina={p}">{p}</a></li>')
        prev = p
    if page_no < pages:
        items.append(f'<li><a href="{base}/leiloes?pagina={page_no + 1}" rel="next">&raquo;</a></li>')
    return '<div class="text-center"><ul class="pagination">' + "".join(items) + "</ul></div>"


def render_leiloes(world: World, base: str, now: datetime, page_no: int = 1,
                   page_size: int = 40) -> str:
    """``/leiloes?pagina=N``: open items, ``page_size`` per page, grouped by lot."""
    items = world.open_auctions(now)
    pages = max(1, -(-len(items) // page_size))
    chunk = items[(page_no - 1) * page_size: page_no * page_size] if page_no >= 1 else []
    blocks, cur_lot, cur = [], None, []

    def flush():
        if cur:
            blocks.append(f'<div class="leilao-lote" data-id_leilao="{cur_lot.id}">' + lot_header(cur_lot, base)
                          + '<div class="lista-itens-leilao">' + "".join(cur) + "</div></div>")

    for a in chunk:
        if cur_lot is None or a.lot_id != cur_lot.id:
            flush()
            cur_lot, cur = world.lots[a.lot_id], []
        cur.append(card(world, a, base, now))
    flush()
    body = "".join(blocks) or '<span class="text-muted">Nenhum leilão encontrado</span>'
    content = (f'<div class="row"><div class="col-xs-12"><h3 class="mar-no">Leilões</h3>'
               f'<span class="text-muted">{len(items)} itens em leilão</span></div></div>'
               f'<div id="lista-leiloes">{body}</div>{pagination(base, page_no, pages)}')
    title = "Leilões" if page_no == 1 else f"Leilões - página {page_no}"
    return page(base, title, [("Leilões", f"{base}/leiloes")], content)


def render_lot(world: World, lot: Lot, base: str, now: datetime) -> str:
    items = world.lot_items(lot.id, now)
    cards = "".join(card(world, a, base, now) for a in items)
    content = (lot_header(lot, base)
               + '<div id="lista-itens-leilao" class="lista-itens-leilao">'
               + (cards or '<span class="text-muted">Nenhum Item Encontrado</span>') + "</div>"
               + '<div class="bloco-show-lg bloco-sm-content bloco-sm-content-open" id="bloco-descricao-leilao" >'
               + entities(lot.rules) + "</div>")
    return page(base, f"Leilão {lot.id}", [("Leilões", f"{base}/leiloes"),
                                           (f"Leilão {lot.id}", f"{base}/leiloes?id_leilao={lot.id}")], content)


def render_lot_not_found(base: str) -> str:
    return page(base, "Leilão", [("Leilões", f"{base}/leiloes")], DELETED)


# --------------------------------------------------------------------------- product page

PRODUTO = Template("""<div class="row">
	<div class="col-md-6">
		<h3 class="title">$title</h3>
		<h4>$notes</h4>
		<div class="row row-info">
			<div class="col-xs-12 "><b>Ficha : </b> <a href="$base/jogo/$slug">$game</a></div>
			<div class="col-xs-12 col-md-6"><b>Estado do Item : </b>$condition</div>
			<div class="col-xs-12">
				<div class="media" >
					<div class="media-body"><a class="nm-loja" href="$base/loja/$seller_q">$seller </a> ($city/$uf)</div>
				</div>
			</div>
		</div>
		<div class="produto-dados form-group">
			<input type="hidden" id="id_anuncio" value="$id">
			<span class="vl-produto"> $price </span>
		</div>
	</div>
</div>""")


def render_listing(world: World, li: Listing, base: str) -> str:
    g = world.games[li.game_slug]
    content = PRODUTO.substitute(base=base, title=esc(li.title), notes=esc(li.notes), slug=g.slug,
                                 game=esc(g.name), condition=esc(li.condition),
                                 seller_q=quote((li.seller or "vendedor").lower()),
                                 seller=esc(li.seller or "vendedor"), city=esc(li.city), uf=li.uf,
                                 id=li.id, price=format_brl(li.price_cents))
    return page(base, li.title, [("Anúncios", f"{base}/anuncios"), (li.title, base + li.path)], content)


def render_not_found(base: str, message: str = "Página não encontrada") -> str:
    return page(base, message, [], f'<div class="alert alert-warning">{esc(message)}</div>')


ROBOTS = """User-agent: *
Disallow: /painel_admin/
Disallow: /ajax/carrinho
Allow: /
"""
