"""The model both training tools fine-tune: MiniLM, mean pooling, dropout, a linear layer over the labels."""

from __future__ import annotations

from pathlib import Path

import torch


class MiniLMHead(torch.nn.Module):
    """MiniLM (its first ``layers`` layers, all by default), mean-pooled, a linear head: token ids in, one
    logit a label out (what the exported ONNX graph computes)."""

    def __init__(self, path: Path, labels: int, dropout: float = 0.1, layers: int | None = None) -> None:
        super().__init__()
        from transformers import AutoModel

        extra = {} if layers is None else {"num_hidden_layers": layers}
        self.bert = AutoModel.from_pretrained(str(path), **extra)
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))
