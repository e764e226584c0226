"""Analysis stages: pure functions over articles (segment, and later dedup, classify, summarise).

Only :mod:`jianbao.analyze.segment` exists so far; importing this package loads nothing heavy.
"""
