"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the tune halves of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 10000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    0.13223,  # intercept
    0.03209,  # lead
    0.05812,  # position
    -0.02571,  # relative_position
    0.00386,  # relative_length
    0.01531,  # centrality
    -0.01046,  # headline_overlap
    0.04267,  # keyword_share
    0.02204,  # names
    -0.00185,  # number
    0.01006,  # quote_share
    -0.00289,  # dangling
    -0.00282,  # standfirst
)
