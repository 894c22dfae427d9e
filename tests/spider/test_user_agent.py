"""The crawl sends real, current browser User-Agents (not Faker's Opera 8 on Windows 98)."""
import re

from types import SimpleNamespace

from scrapy import Request
from scrapy.utils.project import get_project_settings

from auctionspider.useragents import CurrentBrowserProvider, UserAgentMiddleware

MODERN = re.compile(r"^Mozilla/5\.0 \((Windows NT 10\.0|Macintosh|X11)[^)]*\) .*"
                    r"(Chrome|Firefox|Version)/(\d+)")


def middleware():
    # The middleware only reads the crawler's settings: the project's real ones.
    return UserAgentMiddleware.from_crawler(SimpleNamespace(settings=get_project_settings()))


def test_the_configured_provider_loads_instead_of_a_silent_fallback():
    assert isinstance(middleware()._ua_provider, CurrentBrowserProvider)


def test_requests_get_varied_current_desktop_browser_agents():
    mw = middleware()
    agents = []
    for n in range(200):
        request = Request(f"https://ludopedia.com.br/leilao/{n}/x")
        mw.process_request(request)
        agents.append(request.headers["User-Agent"].decode())
    for agent in agents:
        match = MODERN.match(agent)
        assert match, agent
        assert int(match.group(3)) >= 17  # Safari's Version/17+, Chrome/Firefox/Edge 120+
        assert "Opera" not in agent and "MSIE" not in agent and "Windows 98" not in agent
        if match.group(2) in ("Chrome", "Firefox"):
            assert int(match.group(3)) >= 120, agent
    assert len(set(agents)) > 5  # rotated, not one fixed string


def test_an_explicit_user_agent_on_a_request_is_kept():
    request = Request("https://ludopedia.com.br/leiloes", headers={"User-Agent": "leiloes-test"})
    middleware().process_request(request)
    assert request.headers["User-Agent"] == b"leiloes-test"
