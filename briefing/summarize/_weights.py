"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the whole dev sets of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 1000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    -0.07122,  # intercept
    0.02643,  # lead
    0.21683,  # position
    -0.03346,  # relative_position
    -0.00813,  # relative_length
    0.00645,  # centrality
    0.02229,  # headline_overlap
    0.10491,  # keyword_share
    0.08032,  # names
    -0.00315,  # number
    -0.00834,  # quote_share
    -0.00452,  # dangling
    -0.03532,  # standfirst
)
