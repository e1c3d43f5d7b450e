"""Party documents: the register of numbers issued (sổ đăng ký văn bản đi)."""
