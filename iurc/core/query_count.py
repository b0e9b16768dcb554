"""Counting the SQL statements a block of code runs, for the measuring commands."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def counting_queries():
    """The statements run inside the block, as a list of SQL strings.

    Django empties its own query log when a request starts, so requests made with the test
    client are counted here instead.
    """
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield queries
