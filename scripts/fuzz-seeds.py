"""Writes libFuzzer seed corpora from the captured browser data in the test fixtures."""
import glob, hashlib, json, os, sys

out = sys.argv[1]
fixtures = "Tests/ParleyRTCTests/Fixtures"

def write(target, data):
    directory = os.path.join(out, f"seeds-{target}")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)

for kind, target in (("stun", "FuzzSTUN"), ("rtp", "FuzzRTP")):
    for path in glob.glob(f"{fixtures}/{kind}/*.hex"):
        for line in open(path):
            if line.startswith("datagram "):
                write(target, bytes.fromhex(line.split()[-1]))
for path in glob.glob(f"{fixtures}/browser/*.sdp"):
    write("FuzzSDP", open(path, "rb").read())
for path in glob.glob(f"{fixtures}/browser/*.jsonl"):
    for line in open(path, "rb"):
        write("FuzzSDP", line.strip())
        write("FuzzJSON", line.strip())
for message in (
    b'{"event":"offer","to":["a"],"data":{"type":"offer","sdp":"v=0\\r\\n"}}',
    b'{"event":"candidate","to":"all","data":{"candidate":"","sdpMid":"0","sdpMLineIndex":0}}',
    b'[1,-0.5e3,true,false,null,"\\ud83c\\udfa7"]',
):
    write("FuzzJSON", message)
