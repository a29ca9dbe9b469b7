# Prints HTML and terminal escapes instead of the sum: must be WA, and the
# reason that quotes this output must reach no terminal or report raw.
print("sum <img/src=x/onerror=alert(1)>\x1b]52;c;aGFja2Vk\x07\x1b[2J")
print("mean 50.5")
