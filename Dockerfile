# convviz in a container: CPU-only PyTorch (the default Linux torch wheel is a multi-GB CUDA build).
# Build: docker build -t convviz .   Run: docker run -p 8501:8501 convviz
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Requirements first, so code changes do not reinstall them. torch comes from PyTorch's CPU-only index at the
# version requirements.txt pins; the rest from PyPI (pip then finds torch already satisfied).
COPY requirements.txt .
RUN pip install --index-url https://download.pytorch.org/whl/cpu "$(grep -E '^torch==' requirements.txt)" \
    && pip install -r requirements.txt

COPY . .

RUN useradd --create-home convviz
USER convviz

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
