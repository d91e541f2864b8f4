// Entry point of the weightcheck command-line tool.
print("weightcheck")
