"""Real concurrent requests for the tests that run outside a wrapping transaction."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from django.test import Client

from tests.conftest import verified_login


def concurrent_posts(user, url: str, data: dict, n: int = 20, *, json: bool = True) -> list:
    """POST `data` to `url` from `n` threads at once, each with its own client and database
    connection, released together by a barrier. Returns (status, body) sorted by status; the
    body is the JSON answer, or the page's text."""
    barrier = threading.Barrier(n)

    def one(_):
        try:
            client = Client()
            client.cookies["django_language"] = "en"
            verified_login(client, user)
            barrier.wait(timeout=60)
            if json:
                response = client.post(url, data, content_type="application/json")
                return response.status_code, response.json()
            response = client.post(url, data)
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    verified_login(Client(), user)  # makes the user's device once, before the threads
    with ThreadPoolExecutor(n) as pool:
        return sorted(pool.map(one, range(n)), key=lambda answer: answer[0])
