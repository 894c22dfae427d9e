"""The Django models over the crawl tables must match the SQLAlchemy models exactly:
same tables, same column names, same types (in a shared vocabulary), same nullability,
same primary keys. Plus: the comparison itself detects a deliberate difference."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from auctionspider.db import models as sa_models

CRAWL_MODELS = ("Game", "Auction", "AuctionSnapshot", "Listing", "CrawlRun")


def sa_type(column: sa.Column) -> str:
    t = column.type
    if isinstance(t, sa.types.Variant) or getattr(t, "_variant_mapping", None):
        t = t  # the base type is the contract; the sqlite variant is a storage detail
    if isinstance(t, sa.BigInteger):
        return "bigint"
    if isinstance(t, sa.Integer):
        return "int"
    if isinstance(t, sa.Boolean):
        return "bool"
    if isinstance(t, sa.DateTime):
        return "datetime"
    if isinstance(t, sa.Text):
        return "text"
    if isinstance(t, sa.String):
        return f"string({t.length})"
    raise AssertionError(f"unmapped SQLAlchemy type {t!r} for {column}")


def django_type(field: models.Field) -> str:
    if isinstance(field, models.ForeignKey):
        return django_type(field.target_field)
    kind = field.get_internal_type()
    mapping = {
        "AutoField": "int",
        "IntegerField": "int",
        "BigAutoField": "bigint",
        "BigIntegerField": "bigint",
        "BooleanField": "bool",
        "DateTimeField": "datetime",
        "TextField": "text",
    }
    if kind == "CharField":
        return f"string({field.max_length})"
    if kind not in mapping:
        raise AssertionError(f"unmapped Django field type {kind} for {field}")
    return mapping[kind]


def describe_sqlalchemy(metadata: sa.MetaData) -> dict:
    return {
        table.name: {
            column.name: (sa_type(column), bool(column.nullable), bool(column.primary_key),
                          tuple(sorted(fk.column.table.name for fk in column.foreign_keys)))
            for column in table.columns
        }
        for table in metadata.tables.values()
    }


def describe_django(model_classes) -> dict:
    described = {}
    for model in model_classes:
        columns = {}
        for field in model._meta.concrete_fields:
            fks = (field.related_model._meta.db_table,) if isinstance(field, models.ForeignKey) else ()
            columns[field.column] = (django_type(field), bool(field.null), bool(field.primary_key), fks)
        described[model._meta.db_table] = columns
    return described


def differences(expected: dict, actual: dict) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"table {table}: missing in Django")
            continue
        if table not in expected:
            problems.append(f"table {table}: not in SQLAlchemy")
            continue
        for column in sorted(set(expected[table]) | set(actual[table])):
            want, got = expected[table].get(column), actual[table].get(column)
            if want != got:
                problems.append(f"{table}.{column}: SQLAlchemy {want} != Django {got}")
    return problems


def crawl_models():
    return [apps.get_model("webapi", name) for name in CRAWL_MODELS]


def test_django_models_match_sqlalchemy_models():
    problems = differences(describe_sqlalchemy(sa_models.Base.metadata), describe_django(crawl_models()))
    assert problems == []


def test_crawl_models_are_unmanaged_and_apikey_is_managed():
    assert all(not m._meta.managed for m in crawl_models())
    assert apps.get_model("webapi", "ApiKey")._meta.managed


def test_every_crawl_table_is_mapped():
    mapped = {m._meta.db_table for m in crawl_models()}
    assert mapped == set(sa_models.Base.metadata.tables)


def _altered_metadata(table: str, column: str, **changes) -> sa.MetaData:
    copy = sa.MetaData()
    for t in sa_models.Base.metadata.sorted_tables:
        t.to_metadata(copy)
    col = copy.tables[table].c[column]
    for name, value in changes.items():
        setattr(col, name, value)
    return copy


@pytest.mark.parametrize(
    "table,column,changes,expected",
    [
        ("auction", "seller", {"nullable": False}, "auction.seller"),
        ("auction", "title", {"type": sa.String(400)}, "auction.title"),
        ("listing", "price_cents", {"type": sa.BigInteger()}, "listing.price_cents"),
        ("game", "watched", {"type": sa.Integer()}, "game.watched"),
    ],
)
def test_comparison_detects_an_altered_sqlalchemy_copy(table, column, changes, expected):
    problems = differences(
        describe_sqlalchemy(_altered_metadata(table, column, **changes)),
        describe_django(crawl_models()),
    )
    assert len(problems) == 1 and problems[0].startswith(expected)


def test_comparison_detects_a_renamed_or_added_column():
    copy = _altered_metadata("crawl_run", "pages")
    copy.tables["crawl_run"].append_column(sa.Column("extra", sa.Integer))
    problems = differences(describe_sqlalchemy(copy), describe_django(crawl_models()))
    assert problems == ["crawl_run.extra: SQLAlchemy ('int', True, False, ()) != Django None"]


@isolate_apps("webapi")
def test_comparison_detects_an_altered_django_model():
    class AlteredCrawlRun(models.Model):  # errors is a BigIntegerField and nullable here
        id = models.AutoField(primary_key=True)
        spider = models.CharField(max_length=50)
        started_at = models.DateTimeField()
        finished_at = models.DateTimeField(null=True)
        finish_reason = models.CharField(max_length=100, null=True)
        pages = models.IntegerField()
        items_stored = models.IntegerField()
        items_dropped = models.IntegerField()
        errors = models.BigIntegerField(null=True)

        class Meta:
            app_label = "webapi"
            managed = False
            db_table = "crawl_run"

    others = [m for m in crawl_models() if m._meta.db_table != "crawl_run"]
    problems = differences(
        describe_sqlalchemy(sa_models.Base.metadata), describe_django([*others, AlteredCrawlRun])
    )
    assert problems == ["crawl_run.errors: SQLAlchemy ('int', False, False, ()) != Django ('bigint', True, False, ())"]

    class MissingTable(models.Model):
        class Meta:
            app_label = "webapi"
            managed = False
            db_table = "not_a_crawl_table"

    problems = differences(
        describe_sqlalchemy(sa_models.Base.metadata), describe_django([*crawl_models(), MissingTable])
    )
    assert problems == ["table not_a_crawl_table: not in SQLAlchemy"]
