"""The web app's MySQL connections give up like the crawl's instead of hanging a worker."""
from webapi.database import django_database


def test_mysql_timeouts_default_like_the_crawl():
    options = django_database("mysql+pymysql://u@db.example/leiloes")["OPTIONS"]
    assert (options["connect_timeout"], options["read_timeout"], options["write_timeout"]) == (10, 60, 60)


def test_mysql_timeouts_from_the_url_win():
    options = django_database("mysql+pymysql://u@db.example/leiloes?read_timeout=600&connect_timeout=3")["OPTIONS"]
    assert (options["connect_timeout"], options["read_timeout"], options["write_timeout"]) == (3, 600, 60)
