"""Cross-check a suite-built model directory against Hugging Face transformers and onnx/onnxruntime (Python).

Usage: python3 hf_crosscheck.py MODEL_DIR EXPECTED_JSON
EXPECTED_JSON holds {"max_new_tokens": N, "cases": [{"prompt_ids": [...], "tokens": [...]}]}: what the suite's own
engines generated. The script loads MODEL_DIR with AutoModelForCausalLM (any supported model_type: gpt2, gpt_bigcode,
gpt_neox, bloom, llama, gemma, phi; the exact HF layout or it fails, and missing or unexpected weights fail too),
generates greedily on CPU (and CUDA when present), checks onnx/model.onnx with onnx.checker, runs it with
onnxruntime (binding by name, past shapes from the graph's inputs) and compares its logits with transformers'.
It prints one JSON line per check and exits 1 if a check fails.
"""
import json, sys
import numpy as np
import torch
from transformers import AutoModelForCausalLM

model_dir, expected_path = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_path))
failed = False

def report(check, ok, **details):
    global failed
    failed |= not ok
    print(json.dumps({"check": check, "ok": bool(ok), **details}), flush=True)

model, loading = AutoModelForCausalLM.from_pretrained(model_dir, torch_dtype=torch.float32, output_loading_info=True)
model = model.eval()
# A weight transformers did not find is initialised at random: the layout is not Hugging Face's.
missing = [k for k in loading.get("missing_keys", []) if "lm_head" not in k or not model.config.tie_word_embeddings]
report("transformers_load", not missing and not loading.get("unexpected_keys") and not loading.get("mismatched_keys"),
       model_type=model.config.model_type, parameters=sum(p.numel() for p in model.parameters()),
       missing=missing[:5], unexpected=list(loading.get("unexpected_keys", []))[:5], mismatched=[str(m) for m in loading.get("mismatched_keys", [])][:5])

devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
for device in devices:
    m = model.to(device)
    agree = 0
    first_mismatch = None
    for i, case in enumerate(expected["cases"]):
        ids = torch.tensor([case["prompt_ids"]], device=device)
        with torch.no_grad():
            out = m.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=expected["max_new_tokens"],
                             min_new_tokens=expected["max_new_tokens"], do_sample=False, num_beams=1,
                             pad_token_id=0, eos_token_id=None)
        tokens = out[0, ids.shape[1]:].tolist()
        if tokens == case["tokens"]:
            agree += 1
        elif first_mismatch is None:
            pos = next((j for j, (a, b) in enumerate(zip(tokens, case["tokens"])) if a != b), None)
            first_mismatch = {"case": i, "position": pos, "hf": tokens[:8], "suite": case["tokens"][:8]}
    report(f"greedy_tokens_{device}", agree == len(expected["cases"]), agree=agree, cases=len(expected["cases"]),
           first_mismatch=first_mismatch, device_name=torch.cuda.get_device_name(0) if device == "cuda" else "cpu")
model = model.to("cpu")

import os
onnx_path = f"{model_dir}/onnx/model.onnx"
try:
    if not os.path.exists(onnx_path):
        raise FileNotFoundError(onnx_path)
    import onnx, onnxruntime as ort
    onnx.checker.check_model(onnx_path)
    report("onnx_checker", True, opset=[(o.domain, o.version) for o in onnx.load(onnx_path, load_external_data=False).opset_import])
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    ids = np.array([expected["cases"][0]["prompt_ids"]], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "position_ids": np.arange(ids.shape[1])[None, :]}
    for x in session.get_inputs():
        if x.name.startswith("past_key_values."):
            # [batch, kv heads, past, head_dim]: the KV heads and head dim are fixed in the graph.
            feeds[x.name] = np.zeros((1, x.shape[1], 0, x.shape[3]), np.float32)
    feeds = {k: v for k, v in feeds.items() if k in {x.name for x in session.get_inputs()}}
    logits = session.run(["logits"], feeds)[0]
    with torch.no_grad():
        reference = model(torch.tensor(ids)).logits.numpy()
    diff = float(np.abs(logits - reference).max())
    report("onnx_logits_vs_transformers", diff < 1e-3 * max(1.0, float(np.abs(reference).max())), max_abs_diff=diff,
           max_abs_logit=float(np.abs(reference).max()))
except FileNotFoundError:
    print(json.dumps({"check": "onnx", "skipped": f"{onnx_path} not present"}))
except ImportError as e:
    report("onnx", False, error=str(e))

sys.exit(1 if failed else 0)
