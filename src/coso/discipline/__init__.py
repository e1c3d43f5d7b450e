"""Discipline (kỷ luật) of members and organizations: the case, its steps in order, the rules on
penalties, votes, competence, limitation periods, deferral and appeal (QĐ 69-QĐ/TW, QĐ 296)."""
