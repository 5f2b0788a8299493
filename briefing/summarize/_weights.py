"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the whole dev sets of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 1000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    -0.07114,  # intercept
    0.02554,  # lead
    0.22369,  # position
    -0.03402,  # relative_position
    -0.00805,  # relative_length
    0.00519,  # centrality
    0.02221,  # headline_overlap
    0.10529,  # keyword_share
    0.07941,  # names
    -0.00273,  # number
    -0.00810,  # quote_share
    -0.00434,  # dangling
    -0.03998,  # standfirst
)
