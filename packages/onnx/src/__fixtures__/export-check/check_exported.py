"""Runs onnx's checker (full_check) and strict shape inference on every exported model here.

Uses Debian's python3-onnx (1.12, opsets up to 17): /usr/bin/python3 check_exported.py
The models are written by src/export/export-check.test.ts (WRITE_EXPORT_CHECK=1). Output is
written to check_exported.log beside this script and is committed with the models.
"""
import glob
import os
import sys

import onnx
from onnx import shape_inference

here = os.path.dirname(os.path.abspath(__file__))
lines = [f"onnx {onnx.__version__}"]
failed = 0
for path in sorted(glob.glob(os.path.join(here, "*.onnx"))):
    name = os.path.basename(path)
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        outputs = []
        for output in inferred.graph.output:
            dims = [d.dim_param or d.dim_value for d in output.type.tensor_type.shape.dim]
            outputs.append(f"{output.name}{dims}")
        ops = sorted({n.op_type for n in model.graph.node} & {"RNN", "LSTM", "GRU"})
        lines.append(f"OK   {name}  opset {model.opset_import[0].version}  {'/'.join(ops)}  outputs {' '.join(outputs)}")
    except Exception as error:  # noqa: BLE001 - report every failure, keep going
        failed += 1
        lines.append(f"FAIL {name}: {type(error).__name__}: {error}")
lines.append(f"{failed} failed")
with open(os.path.join(here, "check_exported.log"), "w") as log:
    log.write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(1 if failed else 0)
