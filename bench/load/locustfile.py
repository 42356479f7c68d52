"""The load scenario of issue 16 item 6: who uses Integra in the weeks before a deadline.

Run by bench/load/run.py (which starts the server, writes the personas and prints the figures);
by hand: `LOAD_PERSONAS=/tmp/personas.json .venv/bin/locust -f bench/load/locustfile.py
--host http://127.0.0.1:8765 --headless -u 50 -r 5 -t 3m`.

Four personas in fixed numbers (50 users): 25 gmina coordinators (their home, their plan and its
open draft, a progress report's narrative saved), 10 regional consultants (their home and queue,
the portfolio board, one of their gminas), 8 ministry analysts (the national and a
voivodeship's dashboards, the programme overview and map, the registers, an export), 7 API
clients (Bearer token: the lists and the dashboards' API). Each simulated user signs in once, as
its own account (a one-time code is good once per device). Requests are named by page, not by
URL, so the figures group per page. Every answer but the expected status is an error.

The server is spoken to as the reverse proxy would (X-Forwarded-Proto: https, so the production
settings' HTTPS redirect and Secure cookies hold); each user keeps its cookies itself and sends
the Secure ones back over the plain local connection, as the browser would over TLS.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from typing import Any
from urllib.parse import urlsplit

from django_otp.oath import totp
from locust import HttpUser, between, task

PERSONAS: dict[str, Any] = json.loads(open(os.environ["LOAD_PERSONAS"]).read())  # noqa: SIM115
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCK_FIELD = re.compile(r'name="lock_version" value="(\d+)"')
_next = {kind: itertools.count() for kind in ("clerks", "consultants", "analysts", "api")}


def persona(kind: str) -> dict[str, Any]:
    pool = PERSONAS[kind]
    return pool[next(_next[kind]) % len(pool)]


def base32_code(key: str) -> str:
    import base64

    return f"{totp(base64.b32decode(key), step=30, t0=0, digits=6):06d}"


class Browser(HttpUser):
    """A signed-in user of the pages, behind the TLS proxy."""

    abstract = True
    wait_time = between(1, 5)
    kind = ""

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}
        origin = f"https://{urlsplit(self.host).netloc}"
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "pl"})
        self.origin = origin
        self.me = persona(self.kind)
        self.sign_in()

    def keep_cookies(self, response: Any) -> None:
        # requests would not send a Secure cookie over http://: keep them by hand.
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        self.client.cookies.clear()

    def cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def page(self, path: str, name: str, **params: Any) -> str:
        with self.client.get(
            path,
            params=params,
            headers=self.cookie_header(),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.keep_cookies(response)
            if response.status_code != 200:
                where = urlsplit(response.headers.get("Location", "")).path
                response.failure(f"{response.status_code} {where}")
            return response.text

    def post(self, path: str, data: dict[str, Any], name: str, expect: int = 302) -> None:
        headers = {
            "Origin": self.origin,
            "Referer": f"{self.origin}{path}",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        } | self.cookie_header()
        with self.client.post(
            path, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            self.keep_cookies(response)
            if response.status_code != expect:
                response.failure(f"{response.status_code} (expected {expect})")

    def form_token(self, path: str, name: str) -> str:
        found = CSRF_FIELD.search(self.page(path, name))
        return found.group(1) if found else ""

    def sign_in(self) -> None:
        token = self.form_token("/konto/logowanie/", "sign-in: form")
        data = {
            "csrfmiddlewaretoken": token,
            "username": self.me["username"],
            "password": PERSONAS["password"],
        }
        self.post("/konto/logowanie/", data, "sign-in: password")
        if self.me.get("totp"):
            token = self.form_token("/konto/drugi-skladnik/kod/", "sign-in: code form")
            code = base32_code(self.me["totp"])
            data = {"csrfmiddlewaretoken": token, "code": code}
            self.post("/konto/drugi-skladnik/kod/", data, "sign-in: code")


class GminaCoordinator(Browser):
    fixed_count = 25
    kind = "clerks"

    @task(3)
    def home(self) -> None:
        self.page("/", "clerk: home")

    @task(2)
    def plan(self) -> None:
        self.page(f"/plany/plany-dzialania/{self.me['plan']}/", "clerk: plan")

    @task(2)
    def plan_draft(self) -> None:
        path = f"/plany/plany-dzialania/{self.me['plan']}/wersje/{self.me['draft']}/edycja/"
        self.page(path, "clerk: plan draft editor")

    @task(2)
    def progress_report(self) -> None:
        path = f"/monitoring/sprawozdania/{self.me['report']}/"
        page = self.page(path, "clerk: progress report")
        lock = LOCK_FIELD.search(page)
        token = CSRF_FIELD.search(page)
        if lock and token:
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "problems": f"Opóźnienia u usługodawców ({time.strftime('%H:%M:%S')}).",
                "remedies": "Spotkanie z usługodawcami, harmonogram naprawczy.",
                "lock_version": lock.group(1),
            }
            self.post(f"{path}opis/", data, "clerk: progress report narrative saved")

    @task(1)
    def contracts(self) -> None:
        self.page("/nabory/rejestr/umowy/", "clerk: contracts register")


class RegionalConsultant(Browser):
    fixed_count = 10
    kind = "consultants"

    @task(2)
    def home(self) -> None:
        self.page("/", "consultant: home")

    @task(2)
    def queue(self) -> None:
        self.page("/plany/plany-dzialania/kolejka/", "consultant: review queue")

    @task(3)
    def board(self) -> None:
        self.page("/tablica/", "consultant: portfolio board")

    @task(2)
    def gmina(self) -> None:
        teryt = self.me["gminas"][int(time.time()) % len(self.me["gminas"])]
        self.page(
            f"/wskazniki/gminy/{teryt}/",
            "consultant: a gmina's dashboard",
            programme=PERSONAS["programme"],
        )

    @task(1)
    def overdue(self) -> None:
        self.page("/nabory/sprawozdania/zalegle/", "consultant: overdue provider reports")


class MinistryAnalyst(Browser):
    fixed_count = 8
    kind = "analysts"

    def programme(self) -> str:
        return str(PERSONAS["programme"])

    def voivodeship(self) -> str:
        return str(PERSONAS["voivodeships"][int(time.time()) % len(PERSONAS["voivodeships"])])

    @task(3)
    def national(self) -> None:
        self.page("/wskazniki/", "analyst: national dashboard", programme=self.programme())

    @task(2)
    def voivodeship_dashboard(self) -> None:
        self.page(
            f"/wskazniki/wojewodztwa/{self.voivodeship()}/",
            "analyst: a voivodeship's dashboard",
            programme=self.programme(),
        )

    @task(2)
    def overview(self) -> None:
        self.page(f"/programy/{self.programme()}/przeglad/", "analyst: programme overview")

    @task(2)
    def map(self) -> None:
        self.page(f"/programy/{self.programme()}/mapa/", "analyst: map")
        self.page(f"/programy/{self.programme()}/mapa/dane.json", "analyst: map data")

    @task(2)
    def registers(self) -> None:
        self.page("/nabory/rejestr/umowy/", "analyst: contracts register")
        self.page(
            "/nabory/rejestr/sprawozdania/",
            "analyst: reports register, one voivodeship",
            voivodeship=self.voivodeship(),
        )

    @task(1)
    def export(self) -> None:
        self.page(
            f"/programy/{self.programme()}/przeglad/wojewodztwa.xlsx",
            "analyst: export of the overview (XLSX)",
        )
        gmina = PERSONAS["gminas"][int(time.time()) % len(PERSONAS["gminas"])]
        self.page(
            "/nabory/rejestr/umowy/eksport.csv",
            "analyst: export of a gmina's contracts (CSV)",
            gmina=gmina,
        )


class ApiClient(HttpUser):
    fixed_count = 7
    wait_time = between(1, 5)

    def on_start(self) -> None:
        me = persona("api")
        self.client.headers.update(
            {"Authorization": f"Bearer {me['token']}", "X-Forwarded-Proto": "https"}
        )

    def get(self, path: str, name: str, **params: Any) -> None:
        with self.client.get(
            path, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))

    @task(3)
    def contracts(self) -> None:
        self.get("/api/v1/contracts", "api: contracts", page_size=50)

    @task(2)
    def provider_reports(self) -> None:
        self.get("/api/v1/provider-reports", "api: provider reports", page_size=50)

    @task(1)
    def action_plans(self) -> None:
        self.get("/api/v1/action-plans", "api: action plans", page_size=50)

    @task(1)
    def progress_reports(self) -> None:
        self.get("/api/v1/progress-reports", "api: progress reports", page_size=50)

    @task(1)
    def payments(self) -> None:
        self.get("/api/v1/payments", "api: payments", page_size=50)

    @task(2)
    def national(self) -> None:
        self.get(
            "/api/v1/dashboards/national",
            "api: national dashboard",
            programme=PERSONAS["programme"],
        )

    @task(1)
    def voivodeship(self) -> None:
        woj = PERSONAS["voivodeships"][int(time.time()) % len(PERSONAS["voivodeships"])]
        self.get(
            f"/api/v1/dashboards/voivodeships/{woj}",
            "api: a voivodeship's dashboard",
            programme=PERSONAS["programme"],
        )

    @task(1)
    def allocation_map(self) -> None:
        self.get(
            f"/api/v1/programmes/{PERSONAS['programme']}/allocation-map", "api: allocation map"
        )
