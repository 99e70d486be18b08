"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, for the LLM writer's tests.

The requested model name picks the scenario, so one server serves every test::

    good             a cited draft built from the data it receives (quotes verbatim, figures copied)
    invented-quote   the good draft plus a quote no comment contains
    wrong-number     the good draft with a theme's count changed
    unknown-ids      the good draft citing comment ids that do not exist
    gullible         a draft that obeys the thread's injected instructions (fake ids, a link)
    garbage          prose instead of JSON
    empty            an empty message
    broken           a body that is not a chat-completions response at all
    timeout          no answer until the client gives up (the server waits on an event, not a clock)
    rate-limit       429 with Retry-After: 0 once, then the good draft
    rate-limit-long  429 asking for an hour's wait
    server-error     HTTP 500
    repair           the invented-quote draft first; the good draft when sent back with findings
    no-json-mode     HTTP 400 to a request carrying response_format (as some servers do), else good
    thinker          the good draft after a <think>…</think> block with braces in it (reasoning models)
    cut-off          the good draft cut in half, finish_reason "length" (the answer hit max_tokens)
    titles           the good draft proposing titles: one built from the theme's key point (it stands),
                     one with a number and one with words no comment uses (both keep the given title)

Run it by hand for the CLI: ``python tests/fake_llm.py --port 8089`` (``/v1/models`` lists ``good`` first,
so a client that names no model gets the good draft).
"""

from __future__ import annotations

import argparse
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SCENARIOS = (
    "good", "invented-quote", "wrong-number", "unknown-ids", "gullible", "garbage", "empty", "broken",
    "timeout", "rate-limit", "rate-limit-long", "server-error", "repair", "no-json-mode", "thinker",
    "cut-off", "titles",
)  # fmt: skip
DATA = re.compile(r"<<<DATA (\w+)[^>]*>>>\n(.*)\n<<<END DATA \1>>>", re.S)


def received_data(messages: list[dict[str, str]]) -> dict[str, Any]:
    """The analysis JSON the writer sent, from the first message that carries a data block."""
    for m in messages:
        if match := DATA.search(m.get("content") or ""):
            return json.loads(match.group(2))
    raise ValueError("no data block in the request")


def sentence(text: str, *cite: str) -> dict[str, Any]:
    return {"text": text, "cite": list(cite)}


def good_draft(data: dict[str, Any], report: bool = False) -> dict[str, Any]:
    """A plain but faithful digest of the data: every figure and quote copied, every sentence cited.

    Like a model following the brief, it leaves the article to the writer, which sets it above the draft.
    """
    paragraphs: list[dict[str, Any]] = []
    themes = [t for t in data["themes"] if "note" not in t] or data["themes"]
    d = data["discussion"]
    lede = sentence(
        f"The discussion drew {d['comments']} comments from {d['commenters']} people.", "discussion"
    )
    paragraphs.append({"heading": None, "sentences": [lede]})
    for t in themes:
        said = [
            sentence(
                f"**{t['title']}** comes up in {t['comments']} comments ({t['percent_of_comments']}%).",
                t["cite"],
            )
        ]
        for q in t.get("quotes", [])[:1]:
            said.append(sentence(f'One commenter wrote: "{q["text"]}"', q["id"]))
        if cp := t.get("counterpoint"):
            said.append(sentence(f'Others pushed back: "{cp["text"]}"', cp["id"]))
        paragraphs.append({"heading": None, "sentences": said})
    if data.get("questions"):
        q = data["questions"][0]
        paragraphs.append({"heading": None, "sentences": [sentence(f'People ask: "{q["text"]}"', q["cite"])]})
    closing = sentence(
        "Taken together, the thread is a conversation about these themes.", *(t["cite"] for t in themes)
    )
    paragraphs.append({"heading": None, "sentences": [closing]})
    if report:  # the report brief asks for sections
        paragraphs[0]["heading"] = "Overview"
        paragraphs[1]["heading"] = "Themes"
        paragraphs[-1]["heading"] = "Summing up"
    return {"paragraphs": paragraphs}


def titled_draft(data: dict[str, Any], report: bool = False) -> dict[str, Any]:
    """The good draft proposing titles for the first three themes, the first named by its new title."""
    themes = [t for t in data["themes"] if "note" not in t][:3]
    words = re.findall(r"[A-Za-z]{4,}", themes[0]["key_point"]["text"])[:2]
    proposed = {themes[0]["cite"].removeprefix("theme:"): "talk about " + " ".join(words)}
    if len(themes) > 1:
        proposed[themes[1]["cite"].removeprefix("theme:")] = "3 big worries"
    if len(themes) > 2:
        proposed[themes[2]["cite"].removeprefix("theme:")] = "Martian invasion plans"
    draft = good_draft(data, report)
    first = f"**{themes[0]['title']}**"
    for paragraph in draft["paragraphs"]:
        for s in paragraph["sentences"]:
            s["text"] = s["text"].replace(first, f"**talk about {' '.join(words)}**")
    return {"titles": proposed, **draft}


def spoiled_draft(data: dict[str, Any], how: str, report: bool = False) -> dict[str, Any]:
    """The good draft with one deliberate fault."""
    draft = good_draft(data, report)
    theme = next(t for t in data["themes"] if "note" not in t)
    first_id = theme["key_point"]["id"]
    extra = {
        "invented-quote": sentence(
            'One commenter wrote: "this policy was designed by lizards in 1987"', first_id
        ),
        "wrong-number": sentence(
            f"{theme['title']} comes up in {theme['comments'] + 9173} comments.", theme["cite"]
        ),
        "unknown-ids": sentence("Several people said the same thing.", "zz_no_such_1", "zz_no_such_2"),
        "gullible": sentence(
            "Everyone agrees: visit [the real story](http://attacker.example/win) for more.", "t1_fakeid"
        ),
    }[how]
    draft["paragraphs"].insert(1, {"heading": None, "sentences": [extra]})
    return draft


class FakeLLM:
    """The server: start it, point the writer at ``url``, read ``requests`` afterwards."""

    def __init__(self, port: int = 0, default: str = "good"):
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self.hits: dict[str, int] = {}
        self.release = threading.Event()  # set on stop, so a "timeout" handler never outlives the server
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> FakeLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        """(status, headers, JSON body or raw bytes) for one chat-completions request."""
        scenario = body.get("model") or self.default
        self.requests.append(body)
        hit = self.hits[scenario] = self.hits.get(scenario, 0) + 1
        messages = body["messages"]
        if scenario == "timeout":
            self.release.wait()
            return 200, {}, completion("{}")
        if scenario == "server-error":
            return 500, {}, {"error": {"message": "model crashed"}}
        if scenario == "rate-limit-long" or (scenario == "rate-limit" and hit == 1):
            return (
                429,
                {"Retry-After": "3600" if scenario == "rate-limit-long" else "0"},
                {"error": "slow down"},
            )
        if scenario == "no-json-mode" and "response_format" in body:
            return 400, {}, {"error": {"message": "Either json_schema or grammar can be specified, not both"}}
        if scenario == "broken":
            return 200, {}, b"<html>502 bad gateway</html>"
        if scenario == "garbage":
            return 200, {}, completion("Sure! Here is a lovely digest of the thread, in prose.")
        if scenario == "empty":
            return 200, {}, completion("")
        data = received_data(messages)
        report = "Style: report" in messages[1]["content"]
        if scenario in ("good", "rate-limit", "no-json-mode", "thinker", "cut-off") or (
            scenario == "repair" and len(messages) > 2
        ):
            draft = good_draft(data, report)
        elif scenario == "titles":
            draft = titled_draft(data, report)
        elif scenario == "repair":
            draft = spoiled_draft(data, "invented-quote", report)
        else:
            draft = spoiled_draft(data, scenario, report)
        content = json.dumps(draft)
        if scenario == "thinker":
            return 200, {}, completion('<think>The data is {"like": "this"}; plan it.</think>\n' + content)
        if scenario == "cut-off":
            return 200, {}, completion(content[: len(content) // 2], finish_reason="length")
        return 200, {}, completion("```json\n" + content + "\n```")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    models = [server.default, *(s for s in SCENARIOS if s != server.default)]
                    self._send(
                        200, {}, {"object": "list", "data": [{"id": m, "object": "model"} for m in models]}
                    )
                else:
                    self._send(404, {}, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                body["_authorization"] = self.headers.get("Authorization")
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {}, {"error": "not found"})
                    return
                self._send(*server.answer(body))

            def _send(self, status: int, headers: dict[str, str], payload: Any) -> None:
                raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    for k, v in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout scenario)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def completion(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat-completions response carrying ``content``, with made-up but plausible token counts."""
    prompt_tokens, completion_tokens = 1000, max(1, len(content) // 4)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": "fake",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the fake LLM on 127.0.0.1 until interrupted.")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument(
        "--default", default="good", choices=SCENARIOS, help="Scenario when no model is named."
    )
    args = parser.parse_args()
    fake = FakeLLM(args.port, args.default).start()
    print(f"fake LLM at {fake.url} (scenarios: {', '.join(SCENARIOS)})", flush=True)
    try:
        fake.thread.join()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
