#!/usr/bin/env python3
"""Writes the calibration boards of tests/boards/ from the templates' reference solutions.

Each board is the reference of a case changed the way a candidate would draw it (other
components, extra boxes, arrows through other boxes) or a board that games the score. Run from
the repository root: python3 tests/boards/make.py
"""
import re, os, sys

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "tests", "boards")

NODE = re.compile(r'Node\(id: (\d+), kind: (Stage\((\d+)\)|Component\("([a-z_0-9]+)"\)|Note), label: "((?:[^"\\]|\\.)*)", pos: \(x: ([-\d.]+), y: ([-\d.]+)\), size: \(w: ([\d.]+), h: ([\d.]+)\)')
EDGE = re.compile(r'Edge\(id: (\d+), from: (\d+), to: (\d+), label: "((?:[^"\\]|\\.)*)", style: (\w+)')

def sections(text):
    start = text.index("start: Sketch(")
    ref = text.index("reference: Sketch(")
    return text[start:ref], text[ref:]

def catalogue_kinds():
    text = open(os.path.join(ROOT, "assets", "catalogue.ron")).read()
    return re.findall(r'Kind\(id: "([a-z_0-9]+)", name: "((?:[^"\\]|\\.)*)"(?:, steps: \[[^\]]*\])?, synonyms: \[([^\]]*)\]', text)

class Board:
    def __init__(self, case, title):
        self.case = case
        self.title = title
        text = open(os.path.join(ROOT, "templates", case + ".ron")).read()
        self.framework = re.search(r'framework: "([^"]+)"', text).group(1)
        start, ref = sections(text)
        self.nodes = {}   # id -> dict
        self.order = []
        self.edges = []   # dicts
        for m in NODE.finditer(start):
            nid = 1000 + int(m.group(1))
            self.add_node(nid, ("stage", int(m.group(3))) if m.group(3) else ("note", None), m.group(5), float(m.group(6)), float(m.group(7)), float(m.group(8)), float(m.group(9)))
        self.ref_nodes = []
        for m in NODE.finditer(ref):
            self.ref_nodes.append(m)
        self.ref_edges = list(EDGE.finditer(ref))
        self.next_node = 2001
        self.next_edge = 3001

    def add_node(self, nid, kind, label, x, y, w=180.0, h=64.0):
        self.nodes[nid] = dict(id=nid, kind=kind, label=label, x=x, y=y, w=w, h=h)
        self.order.append(nid)
        return nid

    def with_reference(self, components_only=True):
        for m in self.ref_nodes:
            if m.group(4) is None and components_only:
                continue
            kind = ("comp", m.group(4)) if m.group(4) else ("note", None)
            self.add_node(int(m.group(1)), kind, m.group(5), 300 + float(m.group(6)), float(m.group(7)), float(m.group(8)), float(m.group(9)))
        for m in self.ref_edges:
            a, b = int(m.group(2)), int(m.group(3))
            if a in self.nodes and b in self.nodes:
                self.edges.append(dict(id=int(m.group(1)), a=a, b=b, label=m.group(4), style=m.group(5)))
        return self

    def ref(self, kind, nth=0):
        ids = [n for n in self.order if self.nodes[n]["kind"] == ("comp", kind)]
        return ids[nth]

    def retype(self, nid, kind, label):
        self.nodes[nid]["kind"] = ("comp", kind)
        self.nodes[nid]["label"] = label
        return nid

    def delete(self, nid):
        del self.nodes[nid]
        self.order.remove(nid)
        self.edges = [e for e in self.edges if e["a"] != nid and e["b"] != nid]

    def free_pos(self):
        ys = [n["y"] + n["h"] for n in self.nodes.values()] or [0]
        k = self.next_node - 2001
        return 300 + 240 * (k % 5), max(ys) + 60 + 100 * (k // 5)

    def new(self, kind, label, x=None, y=None):
        if x is None:
            x, y = self.free_pos()
        nid = self.next_node
        self.next_node += 1
        k = ("comp", kind) if kind not in ("note",) else ("note", None)
        return self.add_node(nid, k, label, x, y)

    def arrow(self, a, b, style="OneWay", label=""):
        self.edges.append(dict(id=self.next_edge, a=a, b=b, label=label, style=style))
        self.next_edge += 1

    def unlink(self, a, b):
        self.edges = [e for e in self.edges if not (e["a"] == a and e["b"] == b)]

    def between(self, a, b, kind, label):
        """Replaces the arrow a → b by a → new → b."""
        style = "OneWay"
        for e in self.edges:
            if e["a"] == a and e["b"] == b:
                style = e["style"]
        self.unlink(a, b)
        na, nb = self.nodes[a], self.nodes[b]
        x = (na["x"] + nb["x"]) / 2
        y = (na["y"] + nb["y"]) / 2 + 40
        n = self.new(kind, label, x, y)
        self.arrow(a, n, style)
        self.arrow(n, b, style)
        return n

    def write(self, name, comment):
        def q(s):
            return s.replace("\\", "\\\\").replace('"', '\\"') if "\\" not in s else s
        lines = ["// " + l for l in comment.strip().split("\n")]
        lines.append("Board(")
        lines.append("  version: 4,")
        lines.append(f'  title: "{q(self.title)}",')
        lines.append(f'  framework: "{self.framework}",')
        lines.append(f'  template: Some("{self.case}"),')
        lines.append("  nodes: [")
        for nid in self.order:
            n = self.nodes[nid]
            kind = {"stage": lambda v: f"Stage({v})", "comp": lambda v: f'Component("{v}")', "note": lambda v: "Note"}[n["kind"][0]](n["kind"][1])
            lines.append(f'    Node(id: {nid}, kind: {kind}, label: "{q(n["label"])}", pos: Point(x: {n["x"]:.1f}, y: {n["y"]:.1f}), size: Size(w: {n["w"]:.1f}, h: {n["h"]:.1f})),')
        lines.append("  ],")
        lines.append("  edges: [")
        for e in self.edges:
            lines.append(f'    Edge(id: {e["id"]}, from: {e["a"]}, to: {e["b"]}, label: "{q(e["label"])}", style: {e["style"]}),')
        lines.append("  ],")
        ids = list(self.nodes) + [e["id"] for e in self.edges]
        lines.append(f"  next_id: {max(ids) + 1},")
        lines.append(")")
        with open(os.path.join(OUT, name + ".ron"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("wrote", name)

# ------------------------------------------------------------------------------------------------
# Sound designs drawn with other reasonable components

def monitoring(b, attach_to):
    d = b.new("dashboards", "Dashboards: latency p99, CTR, drift")
    a = b.new("alerting", "Alerts to on-call")
    b.arrow(attach_to, d)
    b.arrow(d, a)
    return d

def sound_visual_search():
    b = Board("visual-search", "Visual search, drawn with other reasonable components").with_reference()
    b.retype(b.ref("ann_index"), "ann_index", "Vector DB (Milvus)")
    b.retype(b.ref("workers"), "batch_etl", "Spark indexing job")
    store = b.ref("object_store")
    b.between(store, b.ref("preprocessing", 1), "event_stream", "Kafka: new uploads")
    monitoring(b, b.ref("ann_index"))
    b.write("sound-visual-search", """
Visual search drawn as a candidate would: the ANN index written "Vector DB (Milvus)", the index
builder drawn as a Spark batch job, Kafka between the image store and the batch preprocessing,
and monitoring added. A correct design: it must score at least 80%.""")

def sound_street_view():
    b = Board("street-view-blurring", "Street View blurring with the detector as a service").with_reference()
    b.retype(b.ref("batch_prediction"), "prediction_service", "Faster R-CNN detector on GPU workers")
    b.retype(b.ref("enforcement"), "workers", "Blur workers")
    b.between(b.ref("object_store"), b.ref("preprocessing"), "event_stream", "Kafka: new capture runs")
    b.write("sound-street-view-detector-service", """
Street View blurring with the detector drawn as a prediction service (Faster R-CNN) instead of a
batch prediction job, the blurring step drawn as workers, and Kafka announcing new capture runs.
A correct design: at least 80%.""")

def sound_harmful():
    b = Board("harmful-content-detection", "Harmful content with moderators and Kafka").with_reference()
    if any(n["kind"] == ("comp", "human_annotation") for n in b.nodes.values()):
        b.retype(b.ref("human_annotation"), "human_review", "Moderators review uncertain posts")
    b.retype(b.ref("event_stream"), "event_stream", "Kafka: new posts")
    b.retype(b.ref("feature_store"), "kv_store", "Redis: author & context features")
    monitoring(b, b.ref("prediction_service"))
    b.write("sound-harmful-content", """
Harmful content detection drawn with moderators as a human review queue, the feature store as a
Redis key-value store, Kafka for new posts, and monitoring added. A correct design: at least
80%.""")

def harmful_without_demotion():
    b = Board("harmful-content-detection", "Harmful content without the demotion path").with_reference()
    ids = [n for n in b.order if b.nodes[n]["kind"] == ("comp", "demotion")]
    if not ids:
        ids = [n for n in b.order if b.nodes[n]["kind"] == ("comp", "enforcement") and "emot" in b.nodes[n]["label"]]
    for n in ids:
        b.delete(n)
    b.write("crux-harmful-without-demotion", """
The harmful content reference with the demotion service removed: everything borderline is either
taken down or left alone. The crux is missing, so it must stay below 80% (the issue measured
100% before).""")

def sound_youtube():
    b = Board("youtube-video-search", "YouTube search with OpenSearch, FAISS and Spark").with_reference()
    b.retype(b.ref("inverted_index"), "inverted_index", "OpenSearch (BM25)")
    b.retype(b.ref("ann_index"), "ann_index", "FAISS index")
    b.retype(b.ref("batch_etl"), "batch_etl", "Spark: titles & transcripts")
    ab = b.new("ab_testing", "A/B testing")
    b.arrow(b.ref("api_gateway"), ab)
    monitoring(b, b.ref("fusion_layer"))
    b.write("sound-youtube-search", """
YouTube video search with the inverted index written as OpenSearch (BM25), the ANN index as
FAISS, the text pipeline as Spark, and an A/B testing platform and monitoring added. A correct
design: at least 80%.""")

def sound_ads():
    b = Board("ad-click-prediction", "Ad click prediction with DeepFM and Redis").with_reference()
    b.retype(b.ref("heavy_ranker"), "heavy_ranker", "DeepFM pCTR ranker")
    b.retype(b.ref("feature_store"), "kv_store", "Redis (online features)")
    b.retype(b.ref("re_ranker"), "re_ranker", "Ad auction: bid × pCTR")
    b.between(b.ref("api_gateway"), b.ref("candidate_generation"), "load_balancer", "Load balancer")
    monitoring(b, b.ref("heavy_ranker"))
    b.write("sound-ad-click", """
Ad click prediction with the ranker written as DeepFM, the feature store drawn as Redis, the
re-ranker called the auction, a load balancer in front of candidate generation, and monitoring.
A correct design: at least 80%.""")

def sound_video_rec():
    b = Board("video-recommendation", "Video recommendation with two-tower retrieval and ScaNN").with_reference()
    b.retype(b.ref("candidate_generation"), "candidate_generation", "Two-tower retrieval")
    b.retype(b.ref("ann_index"), "ann_index", "ScaNN")
    b.retype(b.ref("feature_store"), "kv_store", "Redis feature cache")
    b.between(b.ref("prediction_logs"), b.ref("label_join"), "event_stream", "Kafka watch events")
    monitoring(b, b.ref("heavy_ranker"))
    b.write("sound-video-recommendation", """
Video recommendation with retrieval written "Two-tower retrieval", the ANN index as ScaNN, the
feature store as a Redis cache, Kafka after the watch logs, and monitoring. A correct design: at
least 80%.""")

def sound_pymk():
    b = Board("people-you-may-know", "People you may know with Redis for the suggestions").with_reference()
    b.retype(b.ref("batch_prediction"), "kv_store", "Redis: top-k suggestions per member")
    b.retype(b.ref("orchestrator"), "orchestrator", "Airflow nightly job")
    b.retype(b.ref("heavy_ranker"), "heavy_ranker", "GraphSAGE pair scorer")
    monitoring(b, b.ref("api_gateway"))
    b.write("sound-pymk-redis", """
People you may know with the precomputed suggestions drawn as a Redis key-value store, the
orchestrator written as Airflow, the GNN ranker as GraphSAGE, and monitoring. A correct design:
at least 80%.""")

def sound_proximity():
    b = Board("proximity-alerts", "Proximity alerts with Redis GEO and Kafka").with_reference()
    b.retype(b.ref("geospatial_index"), "geospatial_index", "Redis GEO (geohash cells)")
    b.retype(b.ref("wide_column"), "wide_column", "Cassandra: location history")
    monitoring(b, b.ref("app_server"))
    b.write("sound-proximity-alerts", """
The general system design case (proximity alerts) drawn with the geospatial index as Redis GEO,
Cassandra for history, and monitoring added. A correct design: at least 80%.""")

# ------------------------------------------------------------------------------------------------
# Boards that game the score

def all_names():
    names = []
    for kid, name, syn in catalogue_kinds():
        names.append(name)
        names += re.findall(r'"((?:[^"\\]|\\.)*)"', syn)
    return names

def notes_stuffing(case):
    b = Board(case, "Two notes that list every catalogue name")
    names = ", ".join(all_names())
    n1 = b.new("note", names, 300, 0)
    n2 = b.new("note", names, 700, 0)
    b.nodes[n1]["w"] = b.nodes[n2]["w"] = 300.0
    b.nodes[n1]["h"] = b.nodes[n2]["h"] = 300.0
    b.arrow(n1, n2, "TwoWay")
    b.write(f"game-notes-{case}", """
Two sticky notes that each list every catalogue name and synonym, joined by one two-way arrow.
Notes are commentary: at most 30% (the issue measured 100% before).""")

def every_kind(case, arrows=None):
    b = Board(case, "A box of every palette kind")
    ids = []
    for i, (kid, name, _) in enumerate(catalogue_kinds()):
        ids.append(b.new(kid, name, 300 + 220 * (i % 8), 100 * (i // 8)))
    suffix = ""
    if arrows == "hub":
        hub = b.new("app_server", "Hub", 300 + 220 * 9, 0)
        for n in ids:
            b.arrow(hub, n, "TwoWay")
        suffix = "-hub"
    elif arrows == "chain":
        for a, c in zip(ids, ids[1:]):
            b.arrow(a, c, "TwoWay")
        suffix = "-chain"
    b.write(f"game-every-kind{suffix}-{case}", {None: """
One box of every palette kind, no arrows: at most 30% (the issue measured 45-48% before).""",
    "hub": """
One box of every palette kind, each joined to one hub box by a two-way arrow, so that every pair
of boxes is joined by a path through the hub: at most 30%.""",
    "chain": """
One box of every palette kind in palette order, joined in a chain of two-way arrows: at most
30%."""}[arrows])

def keyword_labels(case):
    b = Board(case, "Generic boxes whose labels list component names").with_reference()
    names = all_names()
    for i, nid in enumerate([n for n in b.order if b.nodes[n]["kind"][0] == "comp"]):
        b.nodes[nid]["kind"] = ("comp", "app_server")
        b.nodes[nid]["label"] = ", ".join(names[(i * 7) % len(names):(i * 7) % len(names) + 6])
    b.write(f"game-keyword-labels-{case}", """
The reference's layout and arrows, but every box is a generic application server whose label
lists six component names: a box counts as one kind, and a list is no clear name. At most 30%.""")

def recsys_spine_on(case):
    b = Board(case, "A generic recommender spine")
    spec = [("client", "Client"), ("api_gateway", "API gateway"), ("candidate_generation", "Candidate generation"),
            ("heavy_ranker", "Ranker"), ("re_ranker", "Re-ranker"), ("feature_store", "Feature store"),
            ("interaction_logs", "Interaction logs"), ("label_join", "Labels"), ("distributed_training", "Training"),
            ("offline_evaluation", "Offline evaluation"), ("model_registry", "Model registry"), ("batch_etl", "Batch ETL")]
    ids = {k: b.new(k, l) for k, l in spec}
    for a, c in [("client", "api_gateway"), ("api_gateway", "candidate_generation"), ("candidate_generation", "heavy_ranker"),
                 ("heavy_ranker", "re_ranker"), ("re_ranker", "api_gateway"), ("feature_store", "heavy_ranker"),
                 ("interaction_logs", "label_join"), ("label_join", "distributed_training"), ("distributed_training", "offline_evaluation"),
                 ("offline_evaluation", "model_registry"), ("model_registry", "heavy_ranker"), ("interaction_logs", "batch_etl"),
                 ("batch_etl", "feature_store")]:
        b.arrow(ids[a], ids[c])
    b.write(f"off-topic-recsys-spine-{case}", """
A generic recommender spine (candidate generation, ranker, feature store, training loop) drawn
for a case that is not a recommender: it misses the case's crux and should score low (the issue
measured 52% on visual search before).""")

def hub_reference(case):
    """Every reference component, each joined to one gateway by a two-way arrow."""
    b = Board(case, "Every reference component around one hub").with_reference()
    b.edges = []
    hub = b.new("api_gateway", "Hub")
    for nid in [n for n in b.order if b.nodes[n]["kind"][0] == "comp" and n != hub]:
        b.arrow(hub, nid, "TwoWay")
    b.write(f"flow-missing-hub-{case}", """
Every component of the reference, but instead of the data flow each box is joined to one hub by
a two-way arrow, so a path through the hub joins any two boxes. An arrow covers one connection
at most, so this earns the components and few connections.""")


def scratch(case, title, name, comment, boxes, arrows):
    """A board drawn from scratch: boxes [(key, kind, label)], arrows [(a, b) or (a, b, style)]."""
    b = Board(case, title)
    ids = {}
    for i, (key, kind, label) in enumerate(boxes):
        ids[key] = b.new(kind, label, 300 + 230 * (i % 5), 100 * (i // 5))
    for a in arrows:
        b.arrow(ids[a[0]], ids[a[1]], a[2] if len(a) > 2 else "OneWay")
    b.write(name, comment)

def scratch_visual_search():
    scratch("visual-search", "Visual search drawn from scratch", "sound-scratch-visual-search", """
Visual search drawn from scratch the way a strong candidate would, not copied from the
reference: a CNN encoder used on both paths, FAISS, an indexing job, click logs for training
pairs, dashboards and an A/B test. A correct design: at least 80%.""",
        [("c", "client", "Mobile app"), ("gw", "api_gateway", "Search API"), ("pre", "preprocessing", "Resize + normalise"),
         ("enc", "visual_encoder", "CNN image encoder"), ("ann", "ann_index", "FAISS (IVF-PQ)"), ("rr", "re_ranker", "Filter private / dedupe"),
         ("cache", "cache", "Result cache"),
         ("img", "object_store", "S3 image store"), ("bpre", "preprocessing", "Batch resize"), ("benc", "visual_encoder", "Batch encoder"),
         ("idx", "batch_etl", "Nightly indexing job"), ("logs", "interaction_logs", "Click logs"), ("pairs", "label_join", "Positive pairs from clicks"),
         ("train", "distributed_training", "Contrastive training"), ("eval", "offline_evaluation", "Recall@k, MRR"), ("reg", "model_registry", "Model registry"),
         ("ab", "ab_testing", "A/B test"), ("dash", "dashboards", "Latency and CTR dashboards"), ("drift", "drift_detector", "Embedding drift"),
         ("alert", "alerting", "Pager")],
        [("c", "gw", "TwoWay"), ("gw", "cache"), ("cache", "pre"), ("pre", "enc"), ("enc", "ann"), ("ann", "rr"), ("rr", "gw"),
         ("img", "bpre"), ("bpre", "benc"), ("benc", "idx"), ("idx", "ann"),
         ("gw", "logs"), ("logs", "pairs"), ("pairs", "train"), ("train", "eval"), ("eval", "reg"), ("reg", "benc"), ("reg", "enc"),
         ("ab", "gw"), ("logs", "dash"), ("benc", "drift"), ("drift", "alert"), ("dash", "alert")])

def scratch_harmful():
    scratch("harmful-content-detection", "Harmful content drawn from scratch", "sound-scratch-harmful-content", """
Harmful content detection drawn from scratch: BERT and a CNN fused into one multi-task
classifier, takedown and demotion, moderators, user reports feeding labels, features in Redis,
monitoring. A correct design: at least 80%.""",
        [("c", "client", "User posts"), ("k", "event_stream", "Kafka: new posts"), ("pre", "preprocessing", "Tokenise, resize, sample frames"),
         ("txt", "text_encoder", "BERT text encoder"), ("img", "visual_encoder", "CNN image / video encoder"), ("fuse", "fusion_layer", "Early fusion"),
         ("clf", "prediction_service", "Multi-task classifier"), ("feat", "kv_store", "Redis: author features"), ("etl", "batch_etl", "Spark: author history"),
         ("strm", "stream_processing", "Flink: report counts"),
         ("take", "enforcement", "Takedown"), ("dem", "demotion", "Demote borderline posts"), ("mod", "human_review", "Moderators"),
         ("rep", "user_reports", "User reports / appeals"), ("lab", "label_join", "Labels from verdicts"), ("train", "distributed_training", "Multi-task training"),
         ("eval", "offline_evaluation", "PR-AUC per class"), ("reg", "model_registry", "Model registry"), ("logs", "prediction_logs", "Score logs"),
         ("dash", "dashboards", "Prevalence dashboard"), ("alert", "alerting", "Alerts")],
        [("c", "k"), ("k", "pre"), ("pre", "txt"), ("pre", "img"), ("txt", "fuse"), ("img", "fuse"), ("fuse", "clf"), ("feat", "clf"),
         ("etl", "feat"), ("strm", "feat"), ("rep", "strm"),
         ("clf", "take"), ("clf", "dem"), ("clf", "mod"), ("mod", "lab"), ("rep", "mod"), ("lab", "train"), ("train", "eval"), ("eval", "reg"),
         ("reg", "clf"), ("clf", "logs"), ("logs", "dash"), ("dash", "alert")])

def scratch_ads():
    scratch("ad-click-prediction", "Ad click prediction drawn from scratch", "sound-scratch-ad-click", """
Ad click prediction drawn from scratch: targeting-based candidates, a GBDT-then-DCN ranker,
calibration, the auction, Kafka and Flink for fresh features, Redis as the online store, hourly
fine-tuning, monitoring. A correct design: at least 80%.""",
        [("c", "client", "Ad slot on the page"), ("gw", "api_gateway", "Ad server"), ("cand", "candidate_generation", "Ads matching targeting"),
         ("tgt", "advertiser_targeting", "Campaigns & bids"), ("rank", "heavy_ranker", "DCN pCTR model"), ("cal", "post_processing", "Calibration"),
         ("auc", "re_ranker", "Auction"), ("feat", "kv_store", "Redis online features"), ("k", "event_stream", "Kafka click stream"),
         ("logs", "interaction_logs", "Impression & click logs"), ("flink", "stream_processing", "Flink: last-hour CTR"), ("wh", "data_warehouse", "Hive warehouse"),
         ("spark", "batch_etl", "Spark daily features"), ("lab", "label_join", "Join clicks to impressions"), ("neg", "negative_sampling", "Downsample negatives"),
         ("ft", "continual_learning", "Hourly fine-tuning"), ("eval", "offline_evaluation", "Log loss, calibration"), ("reg", "model_registry", "Registry"),
         ("ab", "ab_testing", "A/B test revenue"), ("drift", "drift_detector", "Predicted vs observed CTR"), ("alert", "alerting", "Alerts")],
        [("c", "gw", "TwoWay"), ("gw", "cand"), ("tgt", "cand"), ("cand", "rank"), ("feat", "rank"), ("rank", "cal"), ("cal", "auc"), ("auc", "gw"),
         ("c", "logs"), ("logs", "k"), ("k", "flink"), ("flink", "feat"), ("k", "wh"), ("wh", "spark"), ("spark", "feat"), ("wh", "lab"), ("lab", "neg"),
         ("neg", "ft"), ("ft", "eval"), ("eval", "reg"), ("reg", "rank"), ("ab", "gw"), ("cal", "drift"), ("drift", "alert")])

def sound_rag():
    b = Board("rag-assistant", "RAG assistant with Pinecone, OpenSearch and vLLM").with_reference()
    b.retype(b.ref("ann_index"), "ann_index", "Pinecone")
    b.retype(b.ref("inverted_index"), "inverted_index", "OpenSearch BM25")
    b.retype(b.ref("llm_service"), "llm_service", "vLLM serving")
    b.retype(b.ref("text_encoder"), "embedding_generator", "Embedding model (query)")
    b.retype(b.ref("knowledge_base"), "object_store", "S3: docs and tickets")
    b.between(b.ref("api_gateway"), b.ref("guardrails"), "load_balancer", "Load balancer")
    b.write("sound-rag-assistant", """
The RAG assistant with the vector index written as Pinecone, BM25 as OpenSearch, the LLM as vLLM,
the query encoder drawn as an embedding model, the documents kept in S3, and a load balancer in
front. A correct design: at least 80%.""")

def sound_fraud():
    b = Board("payment-fraud", "Payment fraud with Redis, Flink and XGBoost").with_reference()
    b.retype(b.ref("feature_store"), "kv_store", "Redis: velocity counters")
    b.retype(b.ref("stream_processing"), "stream_processing", "Flink velocity features")
    b.retype(b.ref("prediction_service"), "heavy_ranker", "XGBoost scorer")
    b.retype(b.ref("user_reports"), "user_reports", "Chargebacks")
    b.retype(b.ref("rules_engine"), "rules_engine", "Hand-written rules")
    b.write("sound-payment-fraud", """
Payment fraud with the online feature store drawn as Redis, the scorer drawn as a ranker box
(XGBoost), Flink for velocity features and chargebacks as the label source. A correct design:
at least 80%.""")

def lean(case):
    """The reference without its rollout and alerting boxes: a correct, leaner design."""
    b = Board(case, "A lean design: no canary, shadow or alerting").with_reference()
    for kind in ["canary", "shadow_deployment", "alerting"]:
        for n in [n for n in b.order if b.nodes[n]["kind"] == ("comp", kind)]:
            b.delete(n)
    b.write(f"lean-{case}", """
The reference without its canary, shadow deployment and alerting boxes: a correct design that
leaves the rollout and the paging to a sentence. It should still read as a pass (75% or more).""")

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    sound_visual_search()
    sound_street_view()
    sound_harmful()
    harmful_without_demotion()
    sound_youtube()
    sound_ads()
    sound_video_rec()
    sound_pymk()
    sound_proximity()
    notes_stuffing("visual-search")
    notes_stuffing("news-feed")
    every_kind("harmful-content-detection")
    every_kind("visual-search", "hub")
    every_kind("ad-click-prediction", "chain")
    keyword_labels("youtube-video-search")
    recsys_spine_on("visual-search")
    hub_reference("event-recommendation")
    scratch_visual_search()
    scratch_harmful()
    scratch_ads()
    sound_rag()
    sound_fraud()
    lean("short-video-feed")
    lean("spam-detection")
    lean("search-autocomplete")
